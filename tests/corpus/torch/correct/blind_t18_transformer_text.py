# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import math
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(18)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

# %%
VOCAB, MAXLEN, PAD, CLS = 300, 32, 0, 1
n = 480
lengths = torch.randint(8, MAXLEN, (n,))
labels = torch.randint(0, 3, (n,))
tokens = torch.full((n, MAXLEN), PAD)
for i in range(n):
    L = lengths[i].item()
    base = 2 + labels[i].item() * 90
    tokens[i, 0] = CLS
    tokens[i, 1:L] = torch.randint(base, base + 120, (L - 1,)).clamp(max=VOCAB - 1)
train_ds = TensorDataset(tokens[:400], labels[:400])
val_ds = TensorDataset(tokens[400:], labels[400:])
train_loader = DataLoader(train_ds, batch_size=32, shuffle=True)
val_loader = DataLoader(val_ds, batch_size=80)

# %%
class TextTransformer(nn.Module):
    def __init__(self, vocab, d_model=64, nhead=4, layers=2, n_classes=3):
        super().__init__()
        self.tok = nn.Embedding(vocab, d_model, padding_idx=PAD)
        self.pos = nn.Parameter(torch.zeros(1, MAXLEN, d_model))
        enc_layer = nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=128,
                                               dropout=0.1, batch_first=True)
        self.encoder = nn.TransformerEncoder(enc_layer, num_layers=layers)
        self.norm = nn.LayerNorm(d_model)
        self.cls = nn.Linear(d_model, n_classes)

    def forward(self, ids):
        pad_mask = ids == PAD
        h = self.tok(ids) * math.sqrt(self.tok.embedding_dim) + self.pos[:, : ids.size(1)]
        h = self.encoder(h, src_key_padding_mask=pad_mask)
        return self.cls(self.norm(h[:, 0]))   # [CLS] token

model = TextTransformer(VOCAB).to(device)

# no weight decay on biases, LayerNorm weights and embeddings/positional params
decay, no_decay = [], []
for name, p in model.named_parameters():
    if p.ndim < 2 or "norm" in name or name.startswith("pos") or name.startswith("tok"):
        no_decay.append(p)
    else:
        decay.append(p)
optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01},
                               {"params": no_decay, "weight_decay": 0.0}], lr=5e-4)
EPOCHS = 2
total_steps = EPOCHS * len(train_loader)
warmup = 5
scheduler = torch.optim.lr_scheduler.LambdaLR(
    optimizer, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (total_steps - s) / total_steps))
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(EPOCHS):
    model.train()
    running = torch.zeros((), device=device)
    for ids, y in train_loader:
        ids, y = ids.to(device), y.to(device)
        optimizer.zero_grad()
        loss = criterion(model(ids), y)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        running += loss.detach()
    model.eval()
    with torch.no_grad():
        acc = sum((model(i.to(device)).argmax(1) == t.to(device)).sum().item() for i, t in val_loader) / len(val_ds)
    print(f"epoch {epoch} loss {running.item() / len(train_loader):.3f} val acc {acc:.2f} lr {scheduler.get_last_lr()[0]:.2e}")
