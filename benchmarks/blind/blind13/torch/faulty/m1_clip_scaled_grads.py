# corpus: expect=api also=training.process set=modern area=1
# (blind 2026-12-07) In the training cell the gradients are clipped with clip_grad_norm_ while still multiplied by the GradScaler scale (no scaler.unscale_ before clipping), so the clip threshold acts on 65536x-scaled grads and every update is shrunk to nothing. https://stackoverflow.com/questions/54716377/how-to-do-gradient-clipping-in-pytorch
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
device = "cpu"
X = torch.randn(512, 20)
w_true = torch.randn(20, 1)
y = (X @ w_true > 0).float()

# %%
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 1)).to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
criterion = nn.BCEWithLogitsLoss()
scaler = torch.amp.GradScaler(device)
max_norm = 1.0

# %%
for epoch in range(5):
    perm = torch.randperm(512)
    for i in range(0, 512, 64):
        idx = perm[i:i + 64]
        optimizer.zero_grad()
        with torch.autocast(device_type=device, dtype=torch.bfloat16):
            logits = model(X[idx])
            loss = criterion(logits.float(), y[idx])
        scaler.scale(loss).backward()
        # clip to keep training stable
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
        scaler.step(optimizer)
        scaler.update()
    with torch.no_grad():
        acc = ((model(X) > 0).float() == y).float().mean().item()
    print(f"epoch {epoch} loss {loss.item():.4f} acc {acc:.3f} scale {scaler.get_scale():.0f}")
