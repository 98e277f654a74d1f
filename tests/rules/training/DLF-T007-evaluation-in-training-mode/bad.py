# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(64, 4)
y = torch.randint(0, 3, (64,))
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 3))
X_val = torch.randn(16, 4)

# %%
with torch.no_grad():
    pred = model(X_val).argmax(dim=1)  # expect: DLF-T007

# %%
val_pred = model(X_val).argmax(dim=1)  # expect: DLF-T007
