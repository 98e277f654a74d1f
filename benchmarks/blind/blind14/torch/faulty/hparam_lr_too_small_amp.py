# corpus: expect=training.hyperparameters set=blind14
# (blind 2026-12-07) SGD is configured with lr=1e-6 (no momentum) for a from-scratch MLP trained a few epochs under torch.autocast(bfloat16), so the weights barely move and the loss stays at its initial value. https://pytorch.org/docs/stable/optim.html
# %%
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"
amp_dtype = torch.float16 if device == "cuda" else torch.bfloat16

# %%
n, d, k = 4000, 32, 3
W = torch.randn(d, k)
X = torch.randn(n, d)
y = (X @ W).argmax(1)
loader = DataLoader(TensorDataset(X, y), batch_size=128, shuffle=True)

# %%
model = nn.Sequential(nn.Linear(d, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, k)).to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=1e-6)
scaler = torch.amp.GradScaler(device, enabled=(device == "cuda"))
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(5):
    total, correct, seen = 0.0, 0, 0
    for xb, yb in loader:
        xb, yb = xb.to(device), yb.to(device)
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast(device_type=device, dtype=amp_dtype):
            out = model(xb)
            loss = criterion(out, yb)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
        total += loss.item() * len(xb)
        correct += (out.argmax(1) == yb).sum().item()
        seen += len(xb)
    print(f"epoch {epoch} loss {total / seen:.4f} acc {correct / seen:.3f}")
