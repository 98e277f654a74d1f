# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %% [markdown]
# Multi-task network: one shared trunk, a classification head and a regression head

# %%
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(30)

# %%
# face-attributes-like: predict gender (class) and age (regression) from features
rng = np.random.default_rng(30)
feats = rng.normal(size=(720, 32)).astype(np.float32)
gender = (feats[:, 0] + 0.5 * rng.normal(size=720) > 0).astype(np.int64)
age = (35 + 10 * feats[:, 1] + 3 * rng.normal(size=720)).astype(np.float32)
age_mu, age_sd = age[:600].mean(), age[:600].std()
age_z = (age - age_mu) / age_sd
ds = TensorDataset(torch.from_numpy(feats[:600]), torch.from_numpy(gender[:600]),
                   torch.from_numpy(age_z[:600]).unsqueeze(1))
loader = DataLoader(ds, batch_size=40, shuffle=True)

# %%
class MultiTaskNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.gender_head = nn.Linear(64, 2)
        self.age_head = nn.Linear(64, 1)
    def forward(self, x):
        h = self.trunk(x)
        return self.gender_head(h), self.age_head(h)

net = MultiTaskNet()
cls_loss, reg_loss = nn.CrossEntropyLoss(), nn.MSELoss()
optimizer = torch.optim.Adam(net.parameters(), lr=2e-3)

# %%
%%dlcheck
for epoch in range(4):
    net.train()
    for xb, gb, ab in loader:
        g_logits, a_pred = net(xb)
        loss = cls_loss(g_logits, gb) + 0.5 * reg_loss(a_pred, ab)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(epoch, loss.item())

# %%
net.eval()
with torch.no_grad():
    g_logits, a_pred = net(torch.from_numpy(feats[600:]))
print("gender acc", (g_logits.argmax(1).numpy() == gender[600:]).mean())
print("age MAE (years)", np.abs(a_pred.squeeze(1).numpy() * age_sd + age_mu - age[600:]).mean())
