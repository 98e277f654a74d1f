# %%
import torch
from torch import nn

PAD_ID = 1
ids = torch.randint(2, 40, (16, 10))
ids[:, 7:] = PAD_ID


# %%
class Pooler(nn.Module):
    def __init__(self, vocab=40, dim=16):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim, padding_idx=PAD_ID)
        self.mha = nn.MultiheadAttention(dim, 2, batch_first=True)
        self.out = nn.Linear(dim, 3)

    def forward(self, ids):
        valid = ids.ne(PAD_ID)                      # True on the words
        e = self.embed(ids)
        ctx, _ = self.mha(e, e, e, key_padding_mask=valid)  # expect: DLF-S167
        w = valid.unsqueeze(-1).float()
        return self.out((ctx * w).sum(1) / w.sum(1))


pooler = Pooler()

# %%
mha = nn.MultiheadAttention(16, 2, batch_first=True)
x = torch.randn(16, 10, 16)
real = ids != PAD_ID
with torch.no_grad():
    y, _ = mha(x, x, x, key_padding_mask=real)  # expect: DLF-S167
