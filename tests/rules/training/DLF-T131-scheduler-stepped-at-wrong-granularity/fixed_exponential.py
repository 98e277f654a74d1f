# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(30)
sig = torch.randn(320, 6)
amp = sig.abs().sum(1, keepdim=True)
dl = DataLoader(TensorDataset(sig, amp), batch_size=16)
EPOCHS = 5
ff = nn.Sequential(nn.Linear(6, 24), nn.SiLU(), nn.Linear(24, 1))
adamw = torch.optim.AdamW(ff.parameters(), lr=2e-3)
shrink = torch.optim.lr_scheduler.ExponentialLR(adamw, gamma=0.7)

# %%
for ep in range(EPOCHS):
    for xb, yb in dl:
        adamw.zero_grad()
        nn.functional.huber_loss(ff(xb), yb).backward()
        adamw.step()
    shrink.step()  # dlfault-fix
