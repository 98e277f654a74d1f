# %%
import torch
from torch import nn

dev = "cuda" if torch.cuda.is_available() else "cpu"


class WithBias(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(5, 2)

    def forward(self, feats):
        ones = torch.ones(feats.size(0), 1, device=feats.device)  # dlfault-fix
        return self.lin(torch.cat([feats[:, :4], ones], dim=1))


# %%
reg = WithBias().to(dev)
pred = reg(torch.randn(7, 4).to(dev))
