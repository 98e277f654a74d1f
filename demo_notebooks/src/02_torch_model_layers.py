# demo: title="PyTorch: model type, layers and activations"
# demo: expect=DLF-M001,DLF-L001,DLF-L002,DLF-T030
# %%
%load_ext dlfault_jupyter

# %% [markdown]
# # PyTorch — model, layers, activations
# Faults of the *Model* branch of the taxonomy (Humbatova et al., ICSE 2020): weight
# initialisation, missing or redundant layers, wrong activations. Each faulty cell is
# followed by its corrected version.

# %%
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
X = torch.randn(256, 10)
y = torch.randint(0, 3, (256,))

# %% [markdown]
# ## Constant weight initialisation
# Every unit of a layer starts with the same weights, gets the same gradient and stays a
# copy of its neighbours: the layer behaves like one single unit.

# %%
model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 3))
for layer in model:
    if isinstance(layer, nn.Linear):
        nn.init.constant_(layer.weight, 0.5)

# %% [markdown]
# **Fixed**: keep PyTorch's default (random) initialisation, or use a random scheme.

# %%
model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 3))
for layer in model:
    if isinstance(layer, nn.Linear):
        nn.init.kaiming_uniform_(layer.weight, nonlinearity="relu")

# %% [markdown]
# ## A softmax before `CrossEntropyLoss`
# `nn.CrossEntropyLoss` applies `log_softmax` itself: a `Softmax` layer in the model makes
# it a softmax of a softmax, and the gradients almost vanish.

# %%
clf = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 3), nn.Softmax(dim=1))
criterion = nn.CrossEntropyLoss()
loss = criterion(clf(X), y)

# %% [markdown]
# **Fixed**: the model returns logits; apply `softmax` only when you need probabilities.

# %%
clf = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 3))
loss = criterion(clf(X), y)
probs = torch.softmax(clf(X).detach(), dim=1)

# %% [markdown]
# ## Linear layers without a non-linearity
# A stack of `Linear` layers with nothing between them is one linear map: depth adds nothing.

# %%
deep = nn.Sequential(nn.Linear(10, 64), nn.Linear(64, 64), nn.Linear(64, 3))
loss = criterion(deep(X), y)

# %% [markdown]
# **Fixed**: an activation between the layers.

# %%
deep = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))
loss = criterion(deep(X), y)

# %% [markdown]
# ## A sigmoid before `BCEWithLogitsLoss`
# `BCEWithLogitsLoss` applies the sigmoid itself; a sigmoid in `forward` squashes twice.

# %%
y_bin = (X[:, 0] > 0).float().unsqueeze(1)

class BinaryNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(10, 16)
        self.fc2 = nn.Linear(16, 1)

    def forward(self, x):
        return torch.sigmoid(self.fc2(F.relu(self.fc1(x))))

bnet = BinaryNet()
bce = nn.BCEWithLogitsLoss()
loss = bce(bnet(X), y_bin)

# %% [markdown]
# **Fixed**: return logits from `forward`; use `torch.sigmoid` only for predictions.

# %%
class BinaryNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(10, 16)
        self.fc2 = nn.Linear(16, 1)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))

bnet = BinaryNet()
loss = bce(bnet(X), y_bin)
