# corpus: expect=api
# %% [markdown]
# Following an old tutorial

# %%
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd import Variable

torch.manual_seed(0)
X = torch.randn(200, 4)
y = (X[:, 0] > 0).float().unsqueeze(1)

# %%
class LogReg(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(4, 1)

    def forward(self, x):
        return F.sigmoid(self.linear(x))

model = LogReg()
criterion = nn.BCELoss(size_average=True)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

# %%
for epoch in range(3):
    inputs = Variable(X)
    labels = Variable(y)
    optimizer.zero_grad()
    loss = criterion(model(inputs), labels)
    loss.backward()
    optimizer.step()
    print(epoch, loss.data[0] if loss.dim() else loss.data.item())
