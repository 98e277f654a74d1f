# %%
import torch
from torch import nn

model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))

# %%
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
sgd = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
# LBFGS and Adadelta use lr=1 by design
lbfgs = torch.optim.LBFGS(model.parameters(), lr=1)
ada = torch.optim.Adadelta(model.parameters())

# %%
# plain SGD with a usual learning rate, its loss recorded: quiet
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(1)
xs = torch.rand(600, 4)
ys = (xs.sum(1) > 2).long()
dl = DataLoader(TensorDataset(xs, ys), batch_size=50, shuffle=True)
plain = torch.optim.SGD(model.parameters(), lr=0.05)
crit = nn.CrossEntropyLoss()
loss_log = []
for _ in range(3):
    for xb, yb in dl:
        plain.zero_grad()
        batch_loss = crit(model(xb), yb)
        batch_loss.backward()
        plain.step()
    loss_log.append(batch_loss.item())

# %%
# a small Adam learning rate with no sign of a frozen run (fine-tuning): quiet
tune = torch.optim.Adam(model.parameters(), lr=5e-6)
