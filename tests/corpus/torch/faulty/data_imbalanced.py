# corpus: expect=training.data_quality
# %% [markdown]
# Fraud detection: 1 = fraud

# %%
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
n_ok, n_fraud = 495, 5
X = torch.cat([torch.randn(n_ok, 7), torch.randn(n_fraud, 7) + 1.0])
y = torch.cat([torch.zeros(n_ok), torch.ones(n_fraud)]).long()
loader = DataLoader(TensorDataset(X, y), batch_size=50, shuffle=True)

# %%
model = nn.Sequential(nn.Linear(7, 16), nn.ReLU(), nn.Linear(16, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
criterion = nn.CrossEntropyLoss()
for epoch in range(3):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
model.eval()
with torch.no_grad():
    acc = (model(X).argmax(1) == y).float().mean().item()
print("accuracy:", acc)  # 99%!
