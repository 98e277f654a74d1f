# corpus: expect=training.process set=modern area=8
# (blind 2026-12-07) In the early-stopping cell the best weights are kept as best_state = model.state_dict(), which holds references to the live parameters (no copy.deepcopy), so "restoring the best epoch" at the end reloads the last weights. https://discuss.pytorch.org/t/how-to-save-the-best-model/84608
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(300, 20)
y = (X[:, 0] > 0).long()
flip = torch.rand(300) < 0.3
y[flip] = 1 - y[flip]
Xv = torch.randn(300, 20)
yv = (Xv[:, 0] > 0).long()

# %%
model = nn.Sequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 2))
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
best_loss, best_state, best_epoch = float("inf"), None, -1

# %%
for epoch in range(60):
    model.train()
    opt.zero_grad()
    nn.functional.cross_entropy(model(X), y).backward()
    opt.step()
    model.eval()
    with torch.no_grad():
        val_loss = nn.functional.cross_entropy(model(Xv), yv).item()
    if val_loss < best_loss:
        best_loss, best_state, best_epoch = val_loss, model.state_dict(), epoch

# %%
model.load_state_dict(best_state)
with torch.no_grad():
    print(f"best epoch {best_epoch} best val {best_loss:.4f} -> restored val {nn.functional.cross_entropy(model(Xv), yv).item():.4f}")
