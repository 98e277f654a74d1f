# corpus: expect=api set=blind14 also=training.validation
# (blind 2026-12-07) forward() uses F.dropout(x, p=0.3) whose training argument defaults to True, so dropout stays active after model.eval() and test predictions are stochastic (two evaluations of the same data differ). https://pythonkb.com/python-pytorch-nn-dropout-vs-f-dropout
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

# %%
vocab, seq, n = 200, 12, 1500
tokens = torch.randint(1, vocab, (n, seq))
y = (tokens[:, :3] < 60).any(1).long()
X_tr, X_te, y_tr, y_te = tokens[:1200], tokens[1200:], y[:1200], y[1200:]

# %%
class BagOfWords(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.EmbeddingBag(vocab, 32, mode="mean")
        self.fc = nn.Linear(32, 32)
        self.out = nn.Linear(32, 2)

    def forward(self, x):
        h = F.relu(self.fc(self.emb(x)))
        h = F.dropout(h, p=0.3)
        return self.out(h)

model = BagOfWords()
optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)

# %%
for epoch in range(15):
    model.train()
    perm = torch.randperm(len(X_tr))
    for i in range(0, len(X_tr), 64):
        idx = perm[i:i + 64]
        optimizer.zero_grad()
        F.cross_entropy(model(X_tr[idx]), y_tr[idx]).backward()
        optimizer.step()

# %%
model.eval()
with torch.no_grad():
    p1 = model(X_te).argmax(1)
    p2 = model(X_te).argmax(1)
print("acc run 1:", (p1 == y_te).float().mean().item(), "acc run 2:", (p2 == y_te).float().mean().item())
print("predictions that changed between runs:", (p1 != p2).sum().item())
