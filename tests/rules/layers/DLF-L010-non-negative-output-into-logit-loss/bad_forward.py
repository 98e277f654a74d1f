# %%
import torch
from torch import nn

torch.manual_seed(1)
signals = torch.randn(128, 6)
alarm = (signals.sum(dim=1, keepdim=True) > 0).float()      # yes / no


# %% expect: DLF-L010
class Detector(nn.Module):
    def __init__(self, width=24):
        super().__init__()
        self.hidden = nn.Linear(6, width)
        self.score = nn.Linear(width, 1)

    def forward(self, s):
        z = torch.tanh(self.hidden(s))
        return nn.functional.softplus(self.score(z))


detector = Detector()
bce_logits = nn.BCEWithLogitsLoss()
adam = torch.optim.Adam(detector.parameters(), lr=1e-2)
for step in range(20):
    adam.zero_grad()
    loss = bce_logits(detector(signals), alarm)
    loss.backward()
    adam.step()
