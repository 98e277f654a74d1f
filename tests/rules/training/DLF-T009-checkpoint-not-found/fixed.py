# %%
import os

import torch
from torch import nn

model = nn.Sequential(nn.Linear(4, 3))


# %%
def resume():
    if os.path.exists("no_such_dir_dlfault/best_model.pt"):  # dlfault-fix
        state = torch.load("no_such_dir_dlfault/best_model.pt", map_location="cpu")  # dlfault-fix
        model.load_state_dict(state)  # dlfault-fix


# %%
resume()
