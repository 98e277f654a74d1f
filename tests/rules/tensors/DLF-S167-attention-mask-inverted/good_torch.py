# %%
import torch
from torch import nn

PAD = 0
batch = torch.randint(1, 30, (8, 6))
batch[:, 4:] = PAD


# %%
class Reader(nn.Module):
    """PyTorch convention: the mask is True at the padding."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(30, 8, padding_idx=PAD)
        self.att = nn.MultiheadAttention(8, 2, batch_first=True)
        self.att2 = nn.MultiheadAttention(8, 2, batch_first=True)

    def forward(self, x):
        pad_mask = x == PAD
        h = self.emb(x)
        h, _ = self.att(h, h, h, key_padding_mask=pad_mask)
        keep = x.ne(PAD)
        h, _ = self.att2(h, h, h, key_padding_mask=keep.logical_not())
        return h


class HFStyle(nn.Module):
    """A Hugging Face style 1/0 attention mask, turned into a padding mask."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(30, 8)
        self.enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, batch_first=True),
                                         1, enable_nested_tensor=False)

    def forward(self, x, attention_mask):
        return self.enc(self.emb(x), src_key_padding_mask=attention_mask == 0)


class OwnAttention(nn.Module):
    """The user's own attention block: True = keep is its own convention."""

    def forward(self, h, key_padding_mask):
        w = key_padding_mask.float().unsqueeze(1)
        return h * w.transpose(1, 2)


class Wrapper(nn.Module):
    def __init__(self):
        super().__init__()
        self.own = OwnAttention()

    def forward(self, x, h):
        return self.own(h, key_padding_mask=x != 0)


reader, hf, wrapper = Reader(), HFStyle(), Wrapper()
am = (batch != PAD).long()

# %%
mha = nn.MultiheadAttention(8, 2, batch_first=True)
q = torch.randn(8, 6, 8)
with torch.no_grad():
    out, _ = mha(q, q, q, key_padding_mask=batch == PAD)
