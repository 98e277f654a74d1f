# %%
import torch
from torch import nn

torch.manual_seed(2)
feats = torch.randn(256, 6)
labels = (feats[:, 0] > 0).long()

# %%
clf = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 2))
adam = torch.optim.AdamW(clf.parameters(), lr=1e-6)
ce = nn.CrossEntropyLoss()
epoch_loss = []

# %% expect: DLF-T005
for epoch in range(6):
    adam.zero_grad()
    loss = ce(clf(feats), labels)
    loss.backward()
    adam.step()
    epoch_loss.append(loss.item())
