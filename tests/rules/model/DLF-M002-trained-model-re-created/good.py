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


def train(net, steps=2):
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    for _ in range(steps):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(net(X), y)
        loss.backward()
        opt.step()
    return net


model = Net()
opt = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.CrossEntropyLoss()

# %%
for epoch in range(2):
    opt.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    opt.step()
state = {k: v.clone() for k, v in model.state_dict().items()}

# %%
# a fresh model, trained again before it is used
model = Net()
train(model)
model.eval()
with torch.no_grad():
    pred = model(X).argmax(1)

# %%
# a fresh model that gets the trained weights back
model = Net()
model.load_state_dict(state)
model.eval()
with torch.no_grad():
    pred = model(X).argmax(1)

# %%
# the definition cell run again, with a shape check on a made-up batch
model = Net()
print(model(torch.randn(2, 6)).shape)
