# corpus: correct set=blind12
# (blind 2026-12-07) Deliberate gradient accumulation: zero_grad/step only every accum_steps mini-batches with the loss divided by accum_steps — looks like a missing zero_grad but is intentional and correct.
# %%
import torch, torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
torch.manual_seed(106)
X = torch.rand(512, 5); y = X @ torch.tensor([[1.5], [-2.0], [0.7], [3.0], [-1.0]]) + 0.3
dl = DataLoader(TensorDataset(X, y), batch_size=16, shuffle=True)
model = nn.Sequential(nn.Linear(5, 16), nn.Tanh(), nn.Linear(16, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05); loss_fn = nn.MSELoss()
accum_steps = 4
# %%
for epoch in range(15):
    optimizer.zero_grad()
    for i, (xb, yb) in enumerate(dl):
        loss = loss_fn(model(xb), yb) / accum_steps
        loss.backward()
        if (i + 1) % accum_steps == 0:
            optimizer.step()
            optimizer.zero_grad()
print("final batch loss", loss.item() * accum_steps)
