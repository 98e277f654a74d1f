# %%
import torch
from torch import nn

torch.manual_seed(31)
wave = torch.randn(144, 5)
level = wave.mean(1, keepdim=True)
model = nn.Sequential(nn.Linear(5, 10), nn.ReLU(), nn.Linear(10, 1))
rms = torch.optim.RMSprop(model.parameters(), lr=1e-3)
N_MICRO = 6


def apply_update(opt):
    opt.step()
    opt.zero_grad(set_to_none=True)


# %%
for t, lo in enumerate(range(0, 144, 12)):
    err = nn.functional.mse_loss(model(wave[lo:lo + 12]), level[lo:lo + 12])
    err.backward()  # expect: DLF-T134
    if t % N_MICRO == N_MICRO - 1:
        apply_update(rms)
