# corpus: expect=training.preprocessing
# %% [markdown]
# Predict whether a customer buys: income (euros), age (years), pages visited (fraction)

# %%
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(42)
income = rng.normal(45000, 15000, 500)
age = rng.uniform(18, 80, 500)
pages = rng.uniform(0, 0.01, 500)
X = torch.tensor(np.column_stack([income, age, pages]), dtype=torch.float32)
y = torch.tensor((income > 50000) & (age < 50), dtype=torch.float32).unsqueeze(1)

# %%
model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 1))
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

# %%
for epoch in range(3):
    optimizer.zero_grad()
    loss = criterion(model(X), y)
    loss.backward()
    optimizer.step()
    print(f"epoch {epoch} loss {loss.item():.3f}")
