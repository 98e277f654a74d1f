# %%
import torch
from torch import nn

model = nn.Sequential(nn.Linear(4, 3))


# %%
def resume():
    state = torch.load("no_such_dir_dlfault/best_model.pt")  # expect: DLF-T009
    model.load_state_dict(state)
