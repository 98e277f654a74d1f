# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

model = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 2))
loader = DataLoader(TensorDataset(torch.rand(512, 32)), batch_size=512)
x = torch.rand(512, 32)


def predict_on_gpu_machine(out):
    # There is no GPU here: this raises the exact error PyTorch gives on a CUDA machine
    # when the activations of a too large batch do not fit into the GPU's memory.
    raise torch.OutOfMemoryError(
        "CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 14.74 GiB "
        "of which 1.06 GiB is free. Including non-PyTorch memory, this process has 13.68 GiB "
        "memory in use. Of the allocated memory 13.40 GiB is allocated by PyTorch, and 150.28 MiB "
        "is reserved by PyTorch but unallocated. If reserved but unallocated memory is large try "
        "setting PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid fragmentation.  See "
        "documentation for Memory Management  "
        "(https://pytorch.org/docs/stable/notes/cuda.html#environment-variables)")


# %%
out = predict_on_gpu_machine(model(x))  # expect: DLF-E012

# %%
# simulated again, with nothing to point at: the generic advice
raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 20.00 MiB")  # expect: DLF-E012
