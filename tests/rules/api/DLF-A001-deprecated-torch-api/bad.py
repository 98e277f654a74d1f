# %%
import warnings

import torch
import torch.nn.functional as F
from torch import nn
from torch.autograd import Variable

warnings.simplefilter("ignore")
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
X = torch.randn(8, 4)

# %%
x = Variable(X, volatile=True)  # expect: DLF-A001
h = torch.sigmoid(model(x))
loss_fn = nn.CrossEntropyLoss(size_average=False)  # expect: DLF-A001
img = torch.randn(1, 3, 4, 4)
big = F.upsample(img, scale_factor=2, mode="nearest")  # expect: DLF-A001
r = torch.range(0, 3)  # expect: DLF-A001
