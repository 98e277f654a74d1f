# corpus: correct set=blind14
# (blind 2026-12-07) TransformerEncoder with batch_first=True, src_key_padding_mask True at PAD positions (PyTorch convention), masked mean pooling, and CrossEntropyLoss on logits; evaluation in eval/no_grad mode. https://pytorch.org/docs/stable/generated/torch.nn.TransformerEncoder.html
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
PAD = 0

# %%
vocab, max_len, n = 60, 16, 1200
lengths = torch.randint(4, max_len + 1, (n,))
tokens = torch.randint(1, vocab, (n, max_len))
positions = torch.arange(max_len).unsqueeze(0)
tokens[positions >= lengths.unsqueeze(1)] = PAD
y = ((tokens < 10) & (tokens != PAD)).any(1).long()
X_tr, X_te, y_tr, y_te = tokens[:1000], tokens[1000:], y[:1000], y[1000:]

# %%
class Encoder(nn.Module):
    def __init__(self, d_model=32):
        super().__init__()
        self.emb = nn.Embedding(vocab, d_model, padding_idx=PAD)
        self.pos = nn.Parameter(torch.randn(1, max_len, d_model) * 0.02)
        layer = nn.TransformerEncoderLayer(d_model, nhead=4, dim_feedforward=64, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=1)
        self.head = nn.Linear(d_model, 2)

    def forward(self, x):
        pad_mask = x == PAD
        h = self.encoder(self.emb(x) + self.pos, src_key_padding_mask=pad_mask)
        keep = (~pad_mask).unsqueeze(-1).float()
        pooled = (h * keep).sum(1) / keep.sum(1)
        return self.head(pooled)

model = Encoder()
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(4):
    model.train()
    perm = torch.randperm(len(X_tr))
    for i in range(0, len(X_tr), 50):
        idx = perm[i:i + 50]
        optimizer.zero_grad()
        loss = criterion(model(X_tr[idx]), y_tr[idx])
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        acc = (model(X_te).argmax(1) == y_te).float().mean().item()
    print(f"epoch {epoch} loss {loss.item():.3f} test_acc {acc:.3f}")
