# %%
import torch

torch.manual_seed(0)
images = torch.randn(16, 1, 28, 28)

# %%
flat = images.view(-1, 28 * 28 * 2)  # expect: DLF-S004
