# %%
import torch
import torch.nn as nn

torch.manual_seed(1)
L = 5
neg = nn.Transformer.generate_square_subsequent_mask(L)   # float: 0 and -inf
blocked = torch.triu(torch.ones(L, L, dtype=torch.bool), diagonal=1)
h = torch.randn(3, L, 8)


class Att(nn.Module):
    def __init__(self):
        super().__init__()
        self.mha = nn.MultiheadAttention(8, 2, batch_first=True)

    def forward(self, x, am):
        return self.mha(x, x, x, attn_mask=am)[0]


att = Att()

# %%
a = att(h, neg)
b = att(h, blocked)
