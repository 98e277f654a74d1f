# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %% [markdown]
# Runtime check on a sentiment LSTM whose pretrained embedding is frozen

# %%
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(24)
VOCAB, EMB, MAXLEN = 400, 50, 30

# %%
# "GloVe" vectors loaded from disk in a real notebook; random here
pretrained = torch.randn(VOCAB, EMB) * 0.5
pretrained[0] = 0.0  # padding row

rng = np.random.default_rng(24)
labels = rng.integers(0, 2, 480)
seqs = np.zeros((480, MAXLEN), dtype=np.int64)
for i, lab in enumerate(labels):
    L = rng.integers(8, MAXLEN)
    lo = 1 if lab == 0 else 150
    seqs[i, MAXLEN - L:] = rng.integers(lo, lo + 250, L)   # left-padded with 0
X_train, y_train = torch.from_numpy(seqs[:400]), torch.from_numpy(labels[:400]).float()
X_val, y_val = torch.from_numpy(seqs[400:]), torch.from_numpy(labels[400:]).float()
train_loader = DataLoader(TensorDataset(X_train, y_train), batch_size=32, shuffle=True)

# %%
class SentimentLSTM(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding.from_pretrained(pretrained, freeze=True, padding_idx=0)
        self.lstm = nn.LSTM(EMB, 64, batch_first=True)
        self.dropout = nn.Dropout(0.3)
        self.fc = nn.Linear(64, 1)

    def forward(self, x):
        out, (h, c) = self.lstm(self.embedding(x))
        return self.fc(self.dropout(h[-1])).squeeze(1)

model = SentimentLSTM()
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=3e-3)

# %%
%%dlcheck
for epoch in range(3):
    model.train()
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5)
        optimizer.step()
    model.eval()
    with torch.no_grad():
        acc = ((model(X_val) > 0).float() == y_val).float().mean().item()
    print(epoch, round(loss.item(), 3), "val acc", round(acc, 3))
