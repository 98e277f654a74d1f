# corpus: expect=training.hyperparameters also=training.loss set=modern area=9
# (blind 2026-12-07) In the loss cell MSELoss(reduction="sum") is combined with a learning rate tuned for the default mean reduction, so the gradient is batch_size times larger and training diverges to inf/NaN. https://discuss.pytorch.org/t/loss-reduction-sum-vs-mean-when-to-use-each/115641
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(2048, 12)
y = X @ torch.randn(12, 1)

# %%
model = nn.Sequential(nn.Linear(12, 64), nn.ReLU(), nn.Linear(64, 1))
criterion = nn.MSELoss(reduction="sum")
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)

# %%
for epoch in range(3):
    for i in range(0, 2048, 128):
        optimizer.zero_grad()
        loss = criterion(model(X[i:i + 128]), y[i:i + 128])
        loss.backward()
        optimizer.step()
    print(epoch, loss.item())
