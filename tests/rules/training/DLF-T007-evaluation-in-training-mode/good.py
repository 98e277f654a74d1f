# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(64, 4)
y = torch.randint(0, 3, (64,))
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 3))
X_val = torch.randn(16, 4)
plain = nn.Sequential(nn.Linear(4, 3))

# %%
model.eval()
with torch.no_grad():
    pred = model(X_val).argmax(dim=1)
    # a model without Dropout/BatchNorm behaves the same in both modes
    p2 = plain(X_val)
model.train()

# %%
from torch.utils.data import DataLoader, TensorDataset  # noqa: E402

test_loader = DataLoader(TensorDataset(X_val, y[:16]), batch_size=8)
model.eval()
correct = 0
with torch.no_grad():
    for xb, yb in test_loader:
        out = model(xb)
        correct += (out.argmax(1) == yb).sum().item()
model.train()
