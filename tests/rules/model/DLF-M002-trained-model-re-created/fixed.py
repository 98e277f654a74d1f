# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(64, 6)
y = torch.randint(0, 2, (64,))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(6, 8)
        self.fc2 = nn.Linear(8, 2)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


model = Net()
opt = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.CrossEntropyLoss()

# %%
for epoch in range(2):
    opt.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    opt.step()

# %%
model.eval()  # dlfault-fix
with torch.no_grad():  # dlfault-fix
    out = model(X)  # dlfault-fix
pred = out.argmax(1)
