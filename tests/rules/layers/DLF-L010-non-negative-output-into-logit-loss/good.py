# %%
import torch
from torch import nn
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(64, 12)
y = torch.randint(0, 5, (64,))
# ReLU in the hidden layers, a plain Linear for the logits
clf = nn.Sequential(nn.Linear(12, 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 5))
xent = nn.CrossEntropyLoss()
loss = xent(clf(x), y)

# %%
# a feature extractor ending in ReLU, with a linear head between it and the loss
trunk = nn.Sequential(nn.Linear(12, 32), nn.ReLU())
head = nn.Linear(32, 5)
loss = xent(head(trunk(x)), y)


# %%
# a ReLU output for a regression of non-negative targets (counts), with MSELoss
class Counter(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(12, 16)
        self.out = nn.Linear(16, 1)

    def forward(self, v):
        return F.relu(self.out(F.relu(self.fc(v))))


counter = Counter()
counts = torch.randint(0, 9, (64, 1)).float()
mse = nn.MSELoss()
loss = mse(counter(x), counts)

# %%
# a sigmoid output with BCELoss (probabilities in, as BCELoss wants)
tagger = nn.Sequential(nn.Linear(12, 3), nn.Sigmoid())
bce = nn.BCELoss()
loss = bce(tagger(x), (x[:, :3] > 0).float())
