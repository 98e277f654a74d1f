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
h = F.sigmoid(model(x))  # expect: DLF-A001
loss_fn = nn.CrossEntropyLoss(size_average=False)  # expect: DLF-A001
img = torch.randn(1, 3, 4, 4)
big = F.upsample(img, scale_factor=2, mode="nearest")  # expect: DLF-A001
