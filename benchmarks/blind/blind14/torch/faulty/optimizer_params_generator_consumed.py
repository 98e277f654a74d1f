# corpus: expect=training.optimizer set=blind14
# (blind 2026-12-07) params = model.parameters() is a generator that is exhausted by the parameter-count line, so AdamW receives an empty iterable and raises "ValueError: optimizer got an empty parameter list". https://docs.pytorch.org/docs/stable/optim.html
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)

# %%
X = torch.randn(1024, 24)
y = X[:, :3].sum(1, keepdim=True) + 0.1 * torch.randn(1024, 1)

class Regressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(24, 64), nn.GELU(), nn.Linear(64, 1))

    def forward(self, x):
        return self.body(x)

model = Regressor()
params = model.parameters()
print("trainable parameters:", sum(p.numel() for p in params if p.requires_grad))
optimizer = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.01)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=20)

# %%
for epoch in range(20):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(X), y)
    loss.backward()
    optimizer.step()
    scheduler.step()
print("final mse", loss.item())
