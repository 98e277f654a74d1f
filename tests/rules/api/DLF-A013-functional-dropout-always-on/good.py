# %%
import torch
from torch import nn
from torch.nn import functional as fn

torch.manual_seed(3)
features = torch.randn(256, 10)
target = features[:, :2].sum(1, keepdim=True)


# %%
class Regressor(nn.Module):
    def __init__(self, drop=0.2):
        super().__init__()
        self.drop = drop
        self.hidden = nn.Linear(10, 48)
        self.block = nn.Linear(48, 48)
        self.mask = nn.Dropout(0.3)
        self.head = nn.Linear(48, 1)

    def forward(self, inputs):
        z = torch.tanh(self.hidden(inputs))
        z = fn.dropout(z, self.drop, self.training)   # follows eval()
        z = self.mask(torch.relu(self.block(z)))       # nn.Dropout follows eval()
        z = fn.dropout(z, p=0.0)                        # p=0: the identity
        z = fn.alpha_dropout(z, 0.1)                    # defaults to training=False
        if self.training:
            z = fn.dropout1d(z.unsqueeze(-1), 0.1).squeeze(-1)
        return self.head(z)


reg = Regressor()
opt = torch.optim.SGD(reg.parameters(), lr=0.05)
for _ in range(3):
    opt.zero_grad()
    nn.functional.mse_loss(reg(features), target).backward()
    opt.step()

# %%
reg.eval()
with torch.no_grad():
    first, second = reg(features[:8]), reg(features[:8])
