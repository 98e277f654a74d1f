# %%
import torch

inputs, targets = torch.rand(8, 3), torch.randint(0, 2, (8,))

# %%
device = "cuda" if torch.cuda.is_available() else "cpu"  # dlfault-fix
inputs, targets = inputs.to(device), targets.to(device)  # dlfault-fix
