# corpus: expect=training.hyperparameters
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(256, 3)
y = X @ torch.tensor([[1.5], [-2.0], [0.7]]) + 0.3

# %%
model = nn.Sequential(nn.Linear(3, 32), nn.Tanh(), nn.Linear(32, 1))
# training was too slow, so I increased the learning rate
optimizer = torch.optim.SGD(model.parameters(), lr=10)
criterion = nn.MSELoss()

# %%
for epoch in range(3):
    optimizer.zero_grad()
    loss = criterion(model(X), y)
    loss.backward()
    optimizer.step()
    print(epoch, loss.item())
