# corpus: expect=training.loss set=blind15
# (blind 2026-12-07) In the POS-style tagger, padded positions get tag id 0 (same as PAD) but CrossEntropyLoss is built without ignore_index, so most of the loss is spent predicting padding and the reported token accuracy is inflated by the padded positions. https://github.com/01-ai/Yi/issues/110
# %%
import random
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pad_sequence

random.seed(0)
torch.manual_seed(0)
PAD = 0
VOCAB, N_TAGS = 50, 5          # tag 0 is reserved for padding

def sample_sentence():
    length = random.randint(3, 12)
    words = [random.randint(1, VOCAB - 1) for _ in range(length)]
    tags = [1 + (w % (N_TAGS - 1)) for w in words]
    return torch.tensor(words), torch.tensor(tags)

corpus = [sample_sentence() for _ in range(400)]
words = pad_sequence([w for w, _ in corpus], batch_first=True, padding_value=PAD)
tags = pad_sequence([t for _, t in corpus], batch_first=True, padding_value=PAD)
print(words.shape, "fraction of padding:", (words == PAD).float().mean().item())

# %%
class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(VOCAB, 16, padding_idx=PAD)
        self.enc = nn.GRU(16, 16, batch_first=True, bidirectional=True)
        self.proj = nn.Linear(32, N_TAGS)

    def forward(self, w):
        h, _ = self.enc(self.emb(w))
        return self.proj(h)

tagger = Tagger()
criterion = nn.CrossEntropyLoss()
opt = torch.optim.Adam(tagger.parameters(), lr=5e-3)

# %%
for epoch in range(3):
    for i in range(0, 320, 64):
        wb, tb = words[i:i + 64], tags[i:i + 64]
        logits = tagger(wb)
        loss = criterion(logits.reshape(-1, N_TAGS), tb.reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(epoch, round(loss.item(), 4))

# %%
with torch.no_grad():
    pred = tagger(words[320:]).argmax(-1)
    acc = (pred == tags[320:]).float().mean().item()
print("token accuracy:", acc)
