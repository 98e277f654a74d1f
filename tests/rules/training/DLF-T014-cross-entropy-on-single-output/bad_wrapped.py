# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(100, 3)
y = X.sum(1, keepdim=True) * 0.5          # a continuous target (N, 1)
model = nn.DataParallel(nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1)))
criterion = nn.CrossEntropyLoss()
opt = torch.optim.SGD(model.parameters(), lr=0.1)

# %%
for epoch in range(2):
    opt.zero_grad()
    loss = criterion(model(X), y)  # expect: DLF-T014
    loss.backward()
    opt.step()
