# %%
import torch
from torch import nn

torch.manual_seed(0)
inputs = torch.randn(512, 12)
labels = (inputs[:, :3].sum(1) > 0).long()
criterion = nn.CrossEntropyLoss()

# %%
# one optimizer per configuration of a sweep: built once, then stepped in the inner loop
results = {}
for lr in (1e-3, 3e-3):
    net = nn.Sequential(nn.Linear(12, 24), nn.Tanh(), nn.Linear(24, 2))
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    for i in range(0, 512, 32):
        opt.zero_grad()
        loss = criterion(net(inputs[i:i + 32]), labels[i:i + 32])
        loss.backward()
        opt.step()
    results[lr] = loss.item()

# %%
# plain SGD keeps nothing between steps: building it in the loop loses nothing
model = nn.Sequential(nn.Linear(12, 24), nn.Tanh(), nn.Linear(24, 2))
for i in range(0, 512, 32):
    sgd = torch.optim.SGD(model.parameters(), lr=0.05)
    sgd.zero_grad()
    criterion(model(inputs[i:i + 32]), labels[i:i + 32]).backward()
    sgd.step()


# %%
def train(net, epochs):
    optimizer = torch.optim.RMSprop(net.parameters(), lr=1e-3)   # once per training run
    for _ in range(epochs):
        for i in range(0, 512, 64):
            optimizer.zero_grad()
            criterion(net(inputs[i:i + 64]), labels[i:i + 64]).backward()
            optimizer.step()


for seed in range(2):
    torch.manual_seed(seed)
    train(nn.Sequential(nn.Linear(12, 24), nn.Tanh(), nn.Linear(24, 2)), 2)
