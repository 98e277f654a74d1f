# %%
import torch
from torch import nn

torch.manual_seed(4)
xs = torch.randn(64, 5)
ys = xs @ torch.ones(5, 1)
lin = nn.Linear(5, 1)
sgd = torch.optim.SGD(lin.parameters(), lr=0.01)

# %%
# skipping a step on a non-finite loss is not accumulation: zero_grad on every batch is right
for i in range(0, 64, 8):
    sgd.zero_grad()
    loss = nn.functional.mse_loss(lin(xs[i:i + 8]), ys[i:i + 8])
    loss.backward()
    if torch.isfinite(loss):
        sgd.step()
    if i % 32 == 0:
        print(i, loss.item())
