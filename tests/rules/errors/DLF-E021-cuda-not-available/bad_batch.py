# %%
import torch

inputs, targets = torch.rand(8, 3), torch.randint(0, 2, (8,))

# %%
inputs, targets = inputs.cuda(), targets.cuda(non_blocking=True)  # expect: DLF-E021
