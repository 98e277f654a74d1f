# %%
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(1)
PAD_ID = 3
seqs = torch.randint(4, 40, (96, 15))
for r in range(96):
    seqs[r, 5 + r % 9:] = PAD_ID          # right-padded sentences
ids_in, ids_next = seqs[:, :-1], seqs[:, 1:]
pairs = DataLoader(TensorDataset(ids_in, ids_next), batch_size=32)

# %%
class NextToken(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(40, 16, padding_idx=PAD_ID)
        self.rnn = nn.GRU(16, 16, batch_first=True)
        self.proj = nn.Linear(16, 40)

    def forward(self, ids):
        return self.proj(self.rnn(self.tok(ids))[0])

lm = NextToken()
nll = nn.CrossEntropyLoss()
adam = torch.optim.Adam(lm.parameters(), lr=1e-2)

# %% expect: DLF-T171
for src, nxt in pairs:
    adam.zero_grad()
    out = lm(src)
    err = nll(out.flatten(0, 1), nxt.flatten())
    err.backward()
    adam.step()
