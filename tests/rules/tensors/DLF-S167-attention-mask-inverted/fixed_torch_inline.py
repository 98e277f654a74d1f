# %%
import torch
import torch.nn as nn


class SeqTagger(nn.Module):
    def __init__(self, pad_index=0):
        super().__init__()
        self.pad_index = pad_index
        self.tok = nn.Embedding(100, 32)
        block = nn.TransformerEncoderLayer(32, 4, 64, batch_first=True)
        self.body = nn.TransformerEncoder(block, 1, enable_nested_tensor=False)
        self.tag = nn.Linear(32, 5)

    def forward(self, seq):
        h = self.body(self.tok(seq), src_key_padding_mask=~(seq != self.pad_index))  # dlfault-fix
        return self.tag(h)


tagger = SeqTagger()
