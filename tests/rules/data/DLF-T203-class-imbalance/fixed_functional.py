# %%
import torch
import torch.nn.functional as F

torch.manual_seed(1)
feats = torch.randn(600, 5)
target = (torch.rand(600) < 0.04).long()      # about 1 positive in 25
net = torch.nn.Sequential(torch.nn.Linear(5, 8), torch.nn.Tanh(), torch.nn.Linear(8, 2))
sgd = torch.optim.SGD(net.parameters(), lr=0.1)
counts = torch.bincount(target.long().flatten())  # dlfault-fix
weights = counts.sum() / (len(counts) * counts.clamp(min=1).float())  # dlfault-fix

# %%
for step in range(5):
    sgd.zero_grad()
    loss = F.cross_entropy(net(feats), target, weight=weights)  # dlfault-fix
    loss.backward()
    sgd.step()
