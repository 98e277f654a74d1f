# corpus: expect=tensors.input also=training.data_quality
# %%
import numpy as np
import torch
from torch import nn

rng = np.random.default_rng(5)
X_all = rng.normal(size=(500, 10)).astype("float32")
y_all = (X_all[:, 0] > 0).astype("int64")
# drop the first 20 rows (bad measurements) ... only from the features
X_clean = X_all[20:]
X = torch.tensor(X_clean)
y = torch.tensor(y_all)
print(len(X), len(y))

# %%
model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()

# %%
for epoch in range(3):
    for i in range(0, len(X), 32):
        optimizer.zero_grad()
        loss = loss_fn(model(X[i:i + 32]), y[i:i + 32])
        loss.backward()
        optimizer.step()
    print("epoch", epoch, "loss", loss.item())
