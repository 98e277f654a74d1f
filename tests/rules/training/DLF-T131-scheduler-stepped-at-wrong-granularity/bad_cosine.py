# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(29)
sig = torch.randn(320, 6)
amp = sig.abs().sum(1, keepdim=True)
dl = DataLoader(TensorDataset(sig, amp), batch_size=16)
EPOCHS = 5
ff = nn.Sequential(nn.Linear(6, 24), nn.SiLU(), nn.Linear(24, 1))
adamw = torch.optim.AdamW(ff.parameters(), lr=2e-3)
cos = torch.optim.lr_scheduler.CosineAnnealingLR(adamw, T_max=EPOCHS)

# %%
for ep in range(EPOCHS):
    for xb, yb in dl:
        adamw.zero_grad()
        nn.functional.huber_loss(ff(xb), yb).backward()  # expect: DLF-T131
        adamw.step()
        cos.step()
