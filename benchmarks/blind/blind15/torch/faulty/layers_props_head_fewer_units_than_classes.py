# corpus: expect=model.layers.properties set=blind15
# (blind 2026-12-07) The head of the 3-class iris-like classifier is nn.Linear(32, 2) (copied from a binary version), so CrossEntropyLoss receives 2 logits for labels 0..2 and raises "IndexError: Target 2 is out of bounds". https://taourl.com/read-2964347.html
# %%
import numpy as np
import torch
from torch import nn

rng = np.random.default_rng(3)
SPECIES = ["setosa", "versicolor", "virginica"]
means = np.array([[5.0, 3.4, 1.5, 0.2], [5.9, 2.8, 4.3, 1.3], [6.6, 3.0, 5.5, 2.0]])
rows, targets = [], []
for k, m in enumerate(means):
    rows.append(m + 0.3 * rng.standard_normal((60, 4)))
    targets += [k] * 60
features = torch.tensor(np.vstack(rows), dtype=torch.float32)
species = torch.tensor(targets)
features = (features - features.mean(0)) / features.std(0)
print(features.shape, species.unique())

# %%
class FlowerMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU())
        self.head = nn.Linear(32, 2)

    def forward(self, x):
        return self.head(self.body(x))

mlp = FlowerMLP()
loss_fn = nn.CrossEntropyLoss()
sgd = torch.optim.SGD(mlp.parameters(), lr=0.1, momentum=0.9)

# %%
perm = torch.randperm(len(features))
for epoch in range(30):
    for idx in perm.split(32):
        sgd.zero_grad()
        loss = loss_fn(mlp(features[idx]), species[idx])
        loss.backward()
        sgd.step()
print("final loss", loss.item())
