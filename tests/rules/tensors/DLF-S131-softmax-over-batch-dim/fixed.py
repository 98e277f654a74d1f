# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(26)
pix = torch.randn(150, 12)
digit = pix[:, :5].argmax(1)
train_dl = DataLoader(TensorDataset(pix, digit), batch_size=25, shuffle=True)
net = nn.Sequential(
    nn.Linear(12, 20), nn.ReLU(), nn.Linear(20, 5),
    nn.LogSoftmax(dim=1),  # dlfault-fix
)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
nll = nn.NLLLoss()

# %%
for xb, yb in train_dl:
    opt.zero_grad()
    nll(net(xb), yb).backward()
    opt.step()
