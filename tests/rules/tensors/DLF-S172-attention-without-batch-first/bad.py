# %%
import torch
import torch.nn as nn

torch.manual_seed(2)
frames = torch.randn(40, 9, 12)            # (clips, frames, features)
kind = torch.randint(0, 4, (40,))


class ClipNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.mix = nn.MultiheadAttention(12, 3)
        self.out = nn.Linear(12, 4)

    def forward(self, f):
        a, _ = self.mix(f, f, f)
        return self.out(a[:, -1])


clipnet = ClipNet()
xent = nn.CrossEntropyLoss()
opt = torch.optim.Adam(clipnet.parameters())

# %% expect: DLF-S172
opt.zero_grad()
xent(clipnet(frames), kind).backward()
opt.step()
