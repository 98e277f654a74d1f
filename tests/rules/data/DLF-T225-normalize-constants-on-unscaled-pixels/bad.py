# %%
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

rng = np.random.default_rng(5)
frames = rng.integers(0, 256, size=(300, 3, 12, 12)).astype(np.float32)
kinds = rng.integers(0, 4, size=300)


class Frames(Dataset):
    def __init__(self, frames, kinds):
        self.frames = frames
        self.kinds = kinds
        self.mu = (0.485, 0.456, 0.406)

    def __len__(self):
        return len(self.kinds)

    def __getitem__(self, idx):
        img = torch.as_tensor(self.frames[idx])
        mu = torch.tensor(self.mu).view(3, 1, 1)
        sd = torch.tensor([0.229, 0.224, 0.225]).view(3, 1, 1)
        return (img - mu) / sd, int(self.kinds[idx])


# %% expect: DLF-T225
train_dl = DataLoader(Frames(frames, kinds), batch_size=30, shuffle=True)
