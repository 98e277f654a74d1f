# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(256, 8)
y = (X[:, 0] + X[:, 1] > 0).long()
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()


class Trainer:
    """The step is a method: the source check (DLF-T001) does not follow it, the run does."""

    def __init__(self, model, optimizer):
        self.model, self.optimizer = model, optimizer

    def train_step(self, xb, yb):
        loss = loss_fn(self.model(xb), yb)
        loss.backward()
        self.optimizer.step()
        return loss


trainer = Trainer(model, optimizer)

# %%
%%dlcheck
for epoch in range(5):
    perm = torch.randperm(256)
    for i in range(0, 256, 32):  # dlfault-fix
        optimizer.zero_grad()   # reset last step's gradients  dlfault-fix
        idx = perm[i:i + 32]  # dlfault-fix
        trainer.train_step(X[idx], y[idx])  # dlfault-fix
