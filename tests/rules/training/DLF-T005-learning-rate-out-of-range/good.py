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
