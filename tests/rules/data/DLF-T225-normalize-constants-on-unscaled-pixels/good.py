# %%
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

rng = np.random.default_rng(5)
frames = rng.integers(0, 256, size=(300, 3, 12, 12)).astype(np.uint8)
kinds = rng.integers(0, 4, size=300)


class Scaled(Dataset):
    """scaled to [0, 1] first, then the [0, 1] statistics"""
    mean, std = 0.5, 0.5

    def __init__(self, frames, kinds):
        self.frames, self.kinds = frames, kinds

    def __len__(self):
        return len(self.kinds)

    def __getitem__(self, idx):
        img = torch.from_numpy(self.frames[idx]).float() / 255.0
        return (img - self.mean) / self.std, int(self.kinds[idx])


class RawStats(Dataset):
    """constants computed on the raw 0..255 data"""

    def __init__(self, frames, kinds):
        self.frames, self.kinds = frames, kinds
        self.mean, self.std = float(frames.mean()), float(frames.std())

    def __len__(self):
        return len(self.kinds)

    def __getitem__(self, idx):
        img = torch.from_numpy(self.frames[idx]).float()
        return (img - self.mean) / self.std, int(self.kinds[idx])


# %%
unit = rng.random(size=(300, 3, 12, 12)).astype(np.float32)


class Unit(Dataset):
    """already in [0, 1]: mean=0.5, std=0.5 is right"""

    def __init__(self, frames, kinds):
        self.frames, self.kinds = frames, kinds

    def __len__(self):
        return len(self.kinds)

    def __getitem__(self, idx):
        return (torch.as_tensor(self.frames[idx]) - 0.5) / 0.5, int(self.kinds[idx])


# %%
dl_a = DataLoader(Scaled(frames, kinds), batch_size=30, shuffle=True)
dl_b = DataLoader(RawStats(frames, kinds), batch_size=30, shuffle=True)
dl_c = DataLoader(Unit(unit, kinds), batch_size=30, shuffle=True)
