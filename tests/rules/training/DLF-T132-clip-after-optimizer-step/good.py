# %%
import torch
from torch import nn

torch.manual_seed(2)
seq = torch.randn(40, 5, 3)
out_t = seq.mean(dim=(1, 2)).unsqueeze(1)
cell = nn.GRU(3, 8, batch_first=True)
proj = nn.Linear(8, 1)
weights = list(cell.parameters()) + list(proj.parameters())
adam = torch.optim.Adam(weights, lr=1e-3)


def one_step(xb, yb):
    adam.zero_grad()
    h, _ = cell(xb)
    loss = nn.functional.mse_loss(proj(h[:, -1]), yb)
    loss.backward()
    total = torch.nn.utils.clip_grad_norm_(weights, max_norm=2.0)
    adam.step()
    return total


# %%
for epoch in range(2):
    for k in range(0, 40, 10):
        norm = one_step(seq[k:k + 10], out_t[k:k + 10])
