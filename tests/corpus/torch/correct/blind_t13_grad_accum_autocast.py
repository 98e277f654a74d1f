# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
device = torch.device("cpu")

# %%
X = torch.randn(512, 30)
w = torch.randn(30)
y = (X @ w > 0).long()
ds = TensorDataset(X, y)
train_ds, val_ds = torch.utils.data.random_split(ds, [448, 64])
train_loader = DataLoader(train_ds, batch_size=16, shuffle=True, drop_last=True)
val_loader = DataLoader(val_ds, batch_size=64)

# %%
model = nn.Sequential(nn.Linear(30, 128), nn.GELU(), nn.LayerNorm(128), nn.Linear(128, 2)).to(device)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
criterion = nn.CrossEntropyLoss()
accum_steps = 4   # effective batch size 64

# %%
for epoch in range(2):
    model.train()
    optimizer.zero_grad(set_to_none=True)
    for step, (xb, yb) in enumerate(train_loader):
        xb, yb = xb.to(device), yb.to(device)
        with torch.autocast(device_type="cpu", dtype=torch.bfloat16):
            logits = model(xb)
            loss = criterion(logits, yb) / accum_steps
        loss.backward()
        if (step + 1) % accum_steps == 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)

    model.eval()
    correct = 0
    with torch.inference_mode():
        for xb, yb in val_loader:
            correct += (model(xb.to(device)).argmax(-1) == yb.to(device)).sum().item()
    print(f"epoch {epoch}: val acc {correct / len(val_ds):.3f}")
