# corpus: correct set=modern area=5
# (blind 2026-12-07) Gradient accumulation with loss / accum_steps, zero_grad only after the optimizer step, and clip_grad_norm_ between backward and step. https://github.com/karpathy/nanoGPT/issues/206
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(4096, 16)
y = X @ torch.randn(16, 1)
micro_bs, accum_steps = 16, 8

# %%
model = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)

# %%
for epoch in range(3):
    optimizer.zero_grad(set_to_none=True)
    for k, i in enumerate(range(0, len(X), micro_bs)):
        loss = nn.functional.mse_loss(model(X[i:i + micro_bs]), y[i:i + micro_bs]) / accum_steps
        loss.backward()
        if (k + 1) % accum_steps == 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=5.0)
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
    with torch.no_grad():
        print(epoch, "mse", nn.functional.mse_loss(model(X), y).item())
