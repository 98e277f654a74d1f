# %%
import torch

torch.manual_seed(0)
images = torch.randn(16, 1, 28, 28)

# %%
images_flat = images.view(images.size(0), -1)    # (16, 784)  dlfault-fix
# or: torch.flatten(images, 1)
