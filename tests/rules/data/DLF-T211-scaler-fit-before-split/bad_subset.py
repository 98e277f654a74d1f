# %%
import torch
from torch.utils.data import TensorDataset, random_split

torch.manual_seed(5)
readings = torch.randn(500, 3) * torch.tensor([2.0, 50.0, 0.1]) + torch.tensor([0.0, 200.0, 1.0])
classes = (readings[:, 1] > 200).long()

# %%
readings -= readings.min(0).values
readings /= readings.max(dim=0)[0]
fit_set, holdout_set = random_split(TensorDataset(readings, classes), [0.8, 0.2],  # expect: DLF-T211
                                    generator=torch.Generator().manual_seed(1))
