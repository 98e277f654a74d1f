# corpus: correct set=blind12
# (blind 2026-12-07) Device-agnostic LSTM: all layers created in __init__, hidden state built with device=x.device, model moved once with .to(device) and each batch moved to the same device before forward.
# %%
import torch, torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
torch.manual_seed(105)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
class CharRNN(nn.Module):
    def __init__(self, vocab, emb=16, hidden=32):
        super().__init__()
        self.hidden = hidden
        self.emb = nn.Embedding(vocab, emb); self.lstm = nn.LSTM(emb, hidden, batch_first=True)
        self.out = nn.Linear(hidden, vocab)
    def forward(self, x):
        h0 = torch.zeros(1, x.size(0), self.hidden, device=x.device)
        c0 = torch.zeros_like(h0)
        o, _ = self.lstm(self.emb(x), (h0, c0))
        return self.out(o)
vocab = 20
seq = torch.randint(0, vocab, (64, 11))
dl = DataLoader(TensorDataset(seq[:, :-1], seq[:, 1:]), batch_size=16, shuffle=True)
model = CharRNN(vocab).to(device); opt = torch.optim.Adam(model.parameters(), 3e-3)
# %%
for ep in range(5):
    for xb, yb in dl:
        xb, yb = xb.to(device), yb.to(device)
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(xb).reshape(-1, vocab), yb.reshape(-1))
        loss.backward(); opt.step()
print(loss.item(), next(model.parameters()).device)
