# corpus: correct set=blind15
# (blind 2026-12-07) Gradient accumulation over 4 micro-batches with the loss divided by the accumulation steps, autocast (bf16 on CPU), GradScaler enabled only on CUDA with unscale_ before clipping, optimizer.zero_grad after every real step, and the scheduler stepped once per optimizer step. https://github.com/pytorch/pytorch/issues/47175
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
scaler = torch.amp.GradScaler(device, enabled=(device == "cuda"))
ACCUM, EPOCHS = 4, 3
steps_per_epoch = len(loader) // ACCUM
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=3e-3, total_steps=EPOCHS * steps_per_epoch)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(EPOCHS):
    model.train()
    optimizer.zero_grad(set_to_none=True)
    for step, (xb, yb) in enumerate(loader):
        xb, yb = xb.to(device), yb.to(device)
        with torch.autocast(device_type=device, dtype=amp_dtype):
            loss = criterion(model(xb), yb) / ACCUM
        scaler.scale(loss).backward()
        if (step + 1) % ACCUM == 0:
            scaler.unscale_(optimizer)
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
            scaler.step(optimizer)
            scaler.update()
            optimizer.zero_grad(set_to_none=True)
            scheduler.step()
    model.eval()
    with torch.no_grad():
        acc = (model(X[896:].to(device)).argmax(1).cpu() == y[896:]).float().mean().item()
    print(f"epoch {epoch} val acc {acc:.3f}")
