# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
T = 6
future = torch.triu(torch.ones(T, T), diagonal=1)      # 1 marks the future (meant: forbidden)
seq = torch.randn(8, T, 16)


class Decoderish(nn.Module):
    def __init__(self):
        super().__init__()
        block = nn.TransformerEncoderLayer(16, 2, 32, batch_first=True, dropout=0.0)
        self.stack = nn.TransformerEncoder(block, 1, enable_nested_tensor=False)

    def forward(self, x, m):
        return self.stack(x, mask=m)


dec = Decoderish()

# %% expect: DLF-S171
out = dec(seq, future)
