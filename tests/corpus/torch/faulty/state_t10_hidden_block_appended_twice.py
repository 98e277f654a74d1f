# corpus: expect=model.type set=state also=model.layers.choice
# The network is assembled from a Python list of layers. A cell "add a hidden block" appends
# Linear+ReLU to the list; the user re-runs that cell (and the cell that wraps the list into
# nn.Sequential) while debugging, so the model silently gets an extra hidden block: it is
# deeper than the architecture described in the notebook, with no error since the widths match.
# Sources: keras.io/guides/sequential_model (incremental model building with add());
# Pimentel et al. MSR 2019 (cells re-executed); 0539edu.com/news/596753.
# %%
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.rand(600, 4) * 2 - 1
y = ((X[:, 0] ** 2 + X[:, 1] ** 2) < 0.5).float().unsqueeze(1)
HIDDEN = 16
layers = [nn.Linear(4, HIDDEN), nn.ReLU()]

# %% add a hidden block
layers += [nn.Linear(HIDDEN, HIDDEN), nn.ReLU()]

# %% output head and model
model = nn.Sequential(*layers, nn.Linear(HIDDEN, 1))
print(model)

# %% add a hidden block
layers += [nn.Linear(HIDDEN, HIDDEN), nn.ReLU()]

# %% output head and model
model = nn.Sequential(*layers, nn.Linear(HIDDEN, 1))
print(model)

# %% train
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
bce = nn.BCEWithLogitsLoss()
for epoch in range(200):
    model.train()
    opt.zero_grad()
    loss = bce(model(X[:480]), y[:480])
    loss.backward()
    opt.step()
model.eval()
with torch.no_grad():
    acc = ((model(X[480:]) > 0).float() == y[480:]).float().mean()
print("params:", sum(p.numel() for p in model.parameters()), "val acc:", acc.item())
