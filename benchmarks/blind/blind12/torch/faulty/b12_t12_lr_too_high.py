# corpus: expect=training.hyperparameters set=blind12
# (blind 2026-12-07) SGD is configured with lr=5.0 on an unscaled-target regression, so the loss explodes to inf/NaN within a few epochs (optimizer cell). https://discuss.pytorch.org/t/tricks-for-being-able-to-use-a-higher-learning-rate/142179
# %%
import torch, torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
torch.manual_seed(12)
X = torch.randn(400, 10)
y = X @ torch.randn(10, 1) * 3 + 1
dl = DataLoader(TensorDataset(X, y), batch_size=40, shuffle=True)
# %%
model = nn.Sequential(nn.Linear(10, 50), nn.ReLU(), nn.Linear(50, 1))
LEARNING_RATE = 5.0
EPOCHS = 10
optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
# %%
hist = []
for epoch in range(EPOCHS):
    for xb, yb in dl:
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(xb), yb)
        loss.backward(); optimizer.step()
    hist.append(loss.item())
print(hist)
