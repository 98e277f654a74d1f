# %%
import torch
import torch.nn as nn

torch.manual_seed(4)
seqs = torch.randn(30, 7, 16)
y = torch.randint(0, 2, (30,))


class SeqFirst(nn.Module):
    """batch_first=False, and the forward puts the sequence first itself."""

    def __init__(self):
        super().__init__()
        self.enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(16, 4, 32), 1,
                                         enable_nested_tensor=False)
        self.head = nn.Linear(16, 2)

    def forward(self, x):
        h = self.enc(x.transpose(0, 1))       # (seq, batch, features)
        return self.head(h.mean(0))


net = SeqFirst()
ce = nn.CrossEntropyLoss()
opt = torch.optim.SGD(net.parameters(), lr=0.01)

# %%
opt.zero_grad()
ce(net(seqs), y).backward()
opt.step()
