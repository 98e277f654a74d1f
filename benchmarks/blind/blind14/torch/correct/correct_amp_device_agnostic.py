# corpus: correct set=blind14
# (blind 2026-12-07) Device-agnostic AMP loop: batches reassigned with xb = xb.to(device), autocast around forward+loss only, GradScaler (enabled only on CUDA) with unscale_ before clip_grad_norm_, scaler.step/update, and predictions moved to CPU with .cpu() before NumPy. https://pytorch.org/docs/stable/notes/amp_examples.html
# %%
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"
amp_dtype = torch.float16 if device == "cuda" else torch.bfloat16

# %%
X = torch.randn(3000, 20)
y = (X[:, 0] - X[:, 1] + 0.3 * torch.randn(3000) > 0).long()
train_loader = DataLoader(TensorDataset(X[:2500], y[:2500]), batch_size=128, shuffle=True)
X_test, y_test = X[2500:], y[2500:]

# %%
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 2)).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
scaler = torch.amp.GradScaler(device, enabled=(device == "cuda"))
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(4):
    model.train()
    for xb, yb in train_loader:
        xb = xb.to(device)
        yb = yb.to(device)
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast(device_type=device, dtype=amp_dtype):
            loss = criterion(model(xb), yb)
        scaler.scale(loss).backward()
        scaler.unscale_(optimizer)
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        scaler.step(optimizer)
        scaler.update()
    print(epoch, round(loss.item(), 4))

# %%
model.eval()
with torch.no_grad():
    pred = model(X_test.to(device)).argmax(1).cpu().numpy()
print("test accuracy:", (pred == y_test.numpy()).mean())
