# %%
import torch

torch.manual_seed(0)
images = torch.randn(16, 1, 28, 28)
seq = torch.randn(8, 10, 32)

# %%
flat = images.view(images.size(0), -1)
flat2 = images.view(-1, 28 * 28)
# merging batch and time on purpose keeps the feature axis whole
steps = seq.reshape(-1, 32)
