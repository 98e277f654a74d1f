# corpus: expect=api set=modern area=1
# (blind 2026-12-07) In the training cell loss.backward() is called directly instead of scaler.scale(loss).backward(), but scaler.step(optimizer) is still used; GradScaler raises because no scale was recorded for the iteration. https://pytorch.org/docs/stable/notes/amp_examples.html
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(256, 10)
y = torch.randint(0, 3, (256,))

# %%
model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 3))
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()
scaler = torch.amp.GradScaler("cpu")

# %%
for epoch in range(3):
    for i in range(0, 256, 32):
        xb, yb = X[i:i + 32], y[i:i + 32]
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast("cpu", dtype=torch.bfloat16):
            out = model(xb)
            loss = criterion(out, yb)
        loss.backward()
        scaler.step(optimizer)
        scaler.update()
    print(epoch, loss.item())
