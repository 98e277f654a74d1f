# %%
import torch
from torch import nn

model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 5))
X = torch.rand(20, 8)
targets = torch.arange(20) % 6 + 1  # labels 1..6, but 5 output units


def train_step_on_gpu_machine(model, X, targets):
    # There is no GPU here: this raises the exact error PyTorch gives on a CUDA machine when
    # a label is out of range for CrossEntropyLoss.
    raise torch.AcceleratorError(
        "CUDA error: device-side assert triggered\nCUDA kernel errors might be asynchronously "
        "reported at some other API call, so the stacktrace below might be incorrect.\nFor "
        "debugging consider passing CUDA_LAUNCH_BLOCKING=1\nCompile with `TORCH_USE_CUDA_DSA` to "
        "enable device-side assertions.\n")


# %%
print(targets.min(), targets.max())   # must be within 0..4  dlfault-fix
# then restart the kernel (the CUDA context is broken)
