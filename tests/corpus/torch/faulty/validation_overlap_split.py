# corpus: expect=training.validation also=training.data_quality
# %%
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(1)
X = rng.normal(size=(500, 6)).astype(np.float32)
y = (X[:, 0] * 2 + X[:, 1] > 0).astype(np.int64)
# 80/20 split
X_train, y_train = torch.tensor(X[:400]), torch.tensor(y[:400])
X_test, y_test = torch.tensor(X[300:]), torch.tensor(y[300:])

# %%
model = nn.Sequential(nn.Linear(6, 32), nn.ReLU(), nn.Linear(32, 2))
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
crit = nn.CrossEntropyLoss()
for epoch in range(3):
    opt.zero_grad()
    loss = crit(model(X_train), y_train)
    loss.backward()
    opt.step()
print("train loss", loss.item())

# %%
model.eval()
with torch.no_grad():
    print("test acc", (model(X_test).argmax(1) == y_test).float().mean().item())
