# %%
import torch
from torch import nn

torch.manual_seed(13)
x_tr, x_va = torch.randn(80, 4), torch.randn(20, 4)
y_tr, y_va = x_tr.sum(1, keepdim=True), x_va.sum(1, keepdim=True)
lin = nn.Linear(4, 1)
sgd = torch.optim.SGD(lin.parameters(), lr=0.05)
on_plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(sgd, factor=0.2, patience=1)

# %%
for ep in range(3):
    sgd.zero_grad()
    nn.functional.mse_loss(lin(x_tr), y_tr).backward()
    sgd.step()
    with torch.no_grad():
        val_loss = nn.functional.mse_loss(lin(x_va), y_va).item()
    on_plateau.step(val_loss)  # dlfault-fix
