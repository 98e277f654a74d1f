# %%
import copy

import torch
import torch.nn as nn

torch.manual_seed(5)
X, Y = torch.randn(100, 3), torch.randn(100, 1)
reg = nn.Linear(3, 1)
opt = torch.optim.SGD(reg.parameters(), lr=0.1)

# %%
best_err, kept = float("inf"), None
for step in range(10):
    opt.zero_grad()
    err = nn.functional.mse_loss(reg(X), Y)
    err.backward()
    opt.step()
    if err.item() < best_err:
        best_err = err.item()
        kept = copy.deepcopy(reg.state_dict())       # a real snapshot
    torch.save(reg.state_dict(), "/tmp/dlf_t174_last.pt")   # written out, not kept

# %%
reg.load_state_dict(kept)
current = reg.state_dict()                            # read once, outside any loop
print(sorted(current))
