# %%
import torch

g = torch.Generator().manual_seed(11)
samples = torch.rand(600, 4, generator=g) * torch.tensor([1.0, 20.0, 300.0, 4000.0])
labels = (samples[:, 1] > 10).long()
order = torch.randperm(600, generator=g)

# %%
train_x, train_y = samples[order[:480]], labels[order[:480]]
test_x = samples[order[480:]]
test_y = labels[order[480:]]
mean, std = train_x.mean(0), train_x.std(0)  # dlfault-fix
train_x = (train_x - mean) / std  # dlfault-fix
test_x = (test_x - mean) / std  # dlfault-fix
