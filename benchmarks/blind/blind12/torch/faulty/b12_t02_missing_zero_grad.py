# corpus: expect=training.process set=blind12
# (blind 2026-12-07) The mini-batch loop calls loss.backward() and optimizer.step() but never optimizer.zero_grad(), so gradients accumulate across batches (training-loop cell). http://xmanong.com/ask/42876
# %%
import torch
from torch import nn
from torch.utils.data import TensorDataset, DataLoader
torch.manual_seed(1)
X = torch.rand(512, 5)
y = X @ torch.tensor([[1.5], [-2.0], [0.7], [3.0], [-1.0]]) + 0.3
loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)
# %%
model = nn.Sequential(nn.Linear(5, 16), nn.Tanh(), nn.Linear(16, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()
# %%
for epoch in range(10):
    running = 0.0
    for xb, yb in loader:
        pred = model(xb)
        loss = loss_fn(pred, yb)
        loss.backward()
        optimizer.step()
        running += loss.item()
    print(epoch, running / len(loader))
