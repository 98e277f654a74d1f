# corpus: expect=model.layers.choice also=training.loss set=blind12
# (blind 2026-12-07) The classifier's forward() ends in nn.Softmax and its output goes into nn.CrossEntropyLoss, which applies log-softmax again (model cell); training is silently slow. https://openillumi.com/?p=73112
# %% [markdown]
# Tabular 4-class classifier; loss plateaus well above zero.
# %%
import torch, torch.nn as nn
import numpy as np
torch.manual_seed(0); np.random.seed(0)
X = torch.randn(600, 12)
W = torch.randn(12, 4)
y = (X @ W).argmax(1)
# %%
class Classifier(nn.Module):
    def __init__(self, n_in, n_classes):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(n_in, 64), nn.ReLU(), nn.Linear(64, n_classes), nn.Softmax(dim=1))
    def forward(self, x):
        return self.net(x)

model = Classifier(12, 4)
criterion = nn.CrossEntropyLoss()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
# %%
for epoch in range(30):
    opt.zero_grad()
    out = model(X)
    loss = criterion(out, y)
    loss.backward()
    opt.step()
print("final loss", loss.item(), "acc", (out.argmax(1) == y).float().mean().item())
