# %%
import torch
from torch.utils.data import TensorDataset, random_split

torch.manual_seed(5)
readings = torch.randn(500, 3) * torch.tensor([2.0, 50.0, 0.1]) + torch.tensor([0.0, 200.0, 1.0])
classes = (readings[:, 1] > 200).long()

# %%
fit_set, holdout_set = random_split(TensorDataset(readings, classes), [0.8, 0.2],
                                    generator=torch.Generator().manual_seed(1))
lo, hi = readings[fit_set.indices].amin(0), readings[fit_set.indices].amax(0)  # dlfault-fix
readings -= lo       # in place: the dataset that fit_set and holdout_set index holds readings  dlfault-fix
readings /= hi - lo  # dlfault-fix
