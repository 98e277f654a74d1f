# corpus: correct set=blind15
# (blind 2026-12-07) Sequence tagger whose padded label positions are set to -100 and CrossEntropyLoss(ignore_index=-100) skips them; token accuracy is computed only over real (non-padded) tokens. https://github.com/01-ai/Yi/issues/110
# %%
import random
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pad_sequence

random.seed(0)
torch.manual_seed(0)
PAD_WORD, IGNORE = 0, -100
VOCAB, N_TAGS = 50, 4

def sample_sentence():
    length = random.randint(3, 12)
    words = [random.randint(1, VOCAB - 1) for _ in range(length)]
    tags = [w % N_TAGS for w in words]
    return torch.tensor(words), torch.tensor(tags)

corpus = [sample_sentence() for _ in range(400)]
words = pad_sequence([w for w, _ in corpus], batch_first=True, padding_value=PAD_WORD)
tags = pad_sequence([t for _, t in corpus], batch_first=True, padding_value=IGNORE)

# %%
class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(VOCAB, 16, padding_idx=PAD_WORD)
        self.enc = nn.GRU(16, 16, batch_first=True, bidirectional=True)
        self.proj = nn.Linear(32, N_TAGS)

    def forward(self, w):
        h, _ = self.enc(self.emb(w))
        return self.proj(h)

tagger = Tagger()
criterion = nn.CrossEntropyLoss(ignore_index=IGNORE)
opt = torch.optim.Adam(tagger.parameters(), lr=5e-3)

# %%
for epoch in range(3):
    tagger.train()
    for i in range(0, 320, 64):
        logits = tagger(words[i:i + 64])
        loss = criterion(logits.reshape(-1, N_TAGS), tags[i:i + 64].reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()

# %%
tagger.eval()
with torch.no_grad():
    pred = tagger(words[320:]).argmax(-1)
    real = tags[320:] != IGNORE
    acc = (pred[real] == tags[320:][real]).float().mean().item()
print("token accuracy on real tokens:", acc)
