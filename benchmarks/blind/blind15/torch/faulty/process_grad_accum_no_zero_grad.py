# corpus: expect=training.process set=blind15
# (blind 2026-12-07) The gradient-accumulation loop (bf16 autocast, clipping, OneCycleLR) calls optimizer.step() every 4 micro-batches but never zeroes the gradients afterwards, so gradients keep summing over the whole epoch and every update uses a stale, ever-growing gradient. https://github.com/pytorch/pytorch/issues/47175
# %%
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(12)
device = "cuda" if torch.cuda.is_available() else "cpu"
amp_dtype = torch.float16 if device == "cuda" else torch.bfloat16
X = torch.randn(1024, 24)
W = torch.randn(24, 5)
y = (X @ W).argmax(1)
loader = DataLoader(TensorDataset(X[:896], y[:896]), batch_size=32, shuffle=True)

# %%
model = nn.Sequential(nn.Linear(24, 64), nn.GELU(), nn.LayerNorm(64), nn.Linear(64, 5)).to(device)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
ACCUM = 4
EPOCHS = 3
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=3e-3, total_steps=EPOCHS * len(loader) // ACCUM + 1)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(EPOCHS):
    model.train()
    for step, (xb, yb) in enumerate(loader):
        xb, yb = xb.to(device), yb.to(device)
        with torch.autocast(device_type=device, dtype=amp_dtype):
            loss = criterion(model(xb), yb) / ACCUM
        loss.backward()
        if (step + 1) % ACCUM == 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
            optimizer.step()
            scheduler.step()
    model.eval()
    with torch.no_grad():
        acc = (model(X[896:].to(device)).argmax(1).cpu() == y[896:]).float().mean().item()
    print(f"epoch {epoch} last loss {loss.item() * ACCUM:.3f} val acc {acc:.3f}")
