# %%
import torch
from torch import nn

torch.manual_seed(27)
feats = torch.randn(90, 7)
kind = (feats[:, 0] > feats[:, 1]).long() + (feats[:, 2] > 0).long()


class Scorer(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(7, 16)
        self.out = nn.Linear(16, 3)

    def forward(self, x):
        return torch.softmax(self.out(torch.tanh(self.hidden(x))), 1)  # dlfault-fix


scorer = Scorer()
adam = torch.optim.Adam(scorer.parameters(), lr=1e-2)

# %%
for k in range(0, 90, 30):
    adam.zero_grad()
    probs = scorer(feats[k:k + 30])
    loss = nn.functional.nll_loss(torch.log(probs + 1e-9), kind[k:k + 30])
    loss.backward()
    adam.step()
