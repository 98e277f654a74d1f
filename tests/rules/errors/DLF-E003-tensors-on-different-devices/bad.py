# %%
import torch
from torch import nn

model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
xb = torch.rand(16, 4)


def forward_on_gpu_machine(model, xb):
    # There is no GPU here: this raises the exact error PyTorch gives on a CUDA machine
    # when the batch was moved with xb.to("cuda") but the model stayed on the CPU.
    raise RuntimeError(
        "Expected all tensors to be on the same device, but found at least two devices, "
        "cuda:0 and cpu! (when checking argument for argument mat1 in method wrapper_CUDA_addmm)")


# %%
out = forward_on_gpu_machine(model, xb)  # expect: DLF-E003

# %%
# the wording of newer PyTorch versions, with nothing of the notebook on that line
raise RuntimeError("Expected all tensors to be on the same device, but got mat1 is on cpu, different from other tensors on cuda:0 (when checking argument in method wrapper_CUDA_addmm)")  # expect: DLF-E003
