# %%
import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
X = torch.randn(8, 4)

# %%
with torch.no_grad():
    h = torch.sigmoid(model(X))
loss_fn = nn.CrossEntropyLoss(reduction="sum")
img = torch.randn(1, 3, 4, 4)
big = F.interpolate(img, scale_factor=2, mode="nearest")
# F.sigmoid and F.tanh are not deprecated in the pinned torch (no warning, plain docs)
gate = F.sigmoid(X) * F.tanh(X)


# a user function that happens to be called `sigmoid` is not torch's
def sigmoid(v, reduce=True):
    return 1 / (1 + torch.exp(-v))


s = sigmoid(X, reduce=False)
