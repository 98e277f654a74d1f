# corpus: expect=tensors.shape also=training.loss
# %% [markdown]
# House price regression (synthetic)

# %%
import numpy as np
import torch
import torch.nn as nn

np.random.seed(0)
area = np.random.uniform(0, 1, 500)
rooms = np.random.uniform(0, 1, 500)
price = 3 * area + 2 * rooms + np.random.normal(0, 0.1, 500)
X = torch.tensor(np.stack([area, rooms], axis=1), dtype=torch.float32)
y = torch.tensor(price, dtype=torch.float32)
print(X.shape, y.shape)

# %%
model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 1))
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

# %%
for epoch in range(3):
    for i in range(0, 500, 50):
        pred = model(X[i:i + 50])
        loss = criterion(pred, y[i:i + 50])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch}: mse={loss.item():.4f}")
