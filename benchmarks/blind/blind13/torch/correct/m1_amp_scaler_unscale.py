# corpus: correct set=modern area=1
# (blind 2026-12-07) Mixed-precision loop done right: autocast only around forward+loss, scaler.scale(loss).backward(), scaler.unscale_ before clip_grad_norm_, then scaler.step/update. https://pytorch.org/docs/stable/notes/amp_examples.html#gradient-clipping
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
device = "cpu"
X = torch.randn(512, 20)
y = (X @ torch.randn(20, 1) > 0).float()

# %%
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 1)).to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
criterion = nn.BCEWithLogitsLoss()
scaler = torch.amp.GradScaler(device)

# %%
for epoch in range(5):
    model.train()
    perm = torch.randperm(512)
    for i in range(0, 512, 64):
        idx = perm[i:i + 64]
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast(device_type=device, dtype=torch.bfloat16):
            logits = model(X[idx])
        loss = criterion(logits.float(), y[idx])
        scaler.scale(loss).backward()
        scaler.unscale_(optimizer)
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        scaler.step(optimizer)
        scaler.update()
    model.eval()
    with torch.no_grad():
        acc = ((model(X) > 0).float() == y).float().mean().item()
    print(f"epoch {epoch} loss {loss.item():.4f} acc {acc:.3f}")
