# %%
import torch
from torch import nn

torch.manual_seed(0)
x = torch.randn(128, 4)
y = (x[:, 0] > 0).long()
loss_fn = nn.CrossEntropyLoss()


def build_model():
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))


def train(net, opt, epochs=30):
    for epoch in range(epochs):
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()

# %%
model = build_model()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

# %%
train(model, optimizer)

# %%
model = build_model()        # the model cell  dlfault-fix
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
train(model, optimizer)             # train it again before using it  dlfault-fix

# %%
model.eval()
with torch.no_grad():
    accuracy = (model(x).argmax(1) == y).float().mean().item()
print(accuracy)
