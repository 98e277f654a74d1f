# %%
import torch
import torch.nn.functional as F

torch.manual_seed(1)
feats = torch.randn(600, 5)
target = torch.arange(600) % 2                 # balanced classes
net = torch.nn.Sequential(torch.nn.Linear(5, 8), torch.nn.Tanh(), torch.nn.Linear(8, 2))
sgd = torch.optim.SGD(net.parameters(), lr=0.1)

# %%
for step in range(5):
    sgd.zero_grad()
    loss = F.cross_entropy(net(feats), target)
    loss.backward()
    sgd.step()
