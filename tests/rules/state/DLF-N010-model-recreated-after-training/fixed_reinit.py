# The initialisation cell ran after training: train again before evaluating.
# %%
import torch
from torch import nn

torch.manual_seed(0)
x = torch.randn(128, 4)
y = (x[:, 0] > 0).long()
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
loss_fn = nn.CrossEntropyLoss()


def train(net, opt, epochs=30):
    for epoch in range(epochs):
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()

# %%
train(model, optimizer)

# %%
def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)


model.apply(init_weights)
train(model, optimizer)             # train it again before using it  dlfault-fix

# %%
model.eval()
with torch.no_grad():
    accuracy = (model(x).argmax(1) == y).float().mean().item()
print(accuracy)
