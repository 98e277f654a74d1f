# corpus: expect=training.data_quality set=state also=training.preprocessing
# Labels come as 1/2 (benign/malignant). The user shifts them in place (y = y - 1) to get
# 0/1, then re-runs the cell while tidying the notebook. The labels are now -1/0:
# BCEWithLogitsLoss accepts them without complaint and the model is trained on wrong targets.
# Sources: github.com/bigmb/Unet-Segmentation-Pytorch-Nest-of-Unets/issues/18 (targets pushed to
# [-1, 1], BCE silently goes negative); github.com/MontaEllis/Pytorch-Medical-Segmentation/issues/8;
# Pimentel et al., "A Large-scale Study about Quality and Reproducibility of Jupyter Notebooks", MSR 2019.
# %%
import numpy as np
import pandas as pd
import torch
from torch import nn

np.random.seed(1)
torch.manual_seed(1)
df = pd.DataFrame(np.random.randn(400, 5), columns=[f"f{i}" for i in range(5)])
df["diagnosis"] = np.where(df.f0 + 0.5 * df.f1 > 0, 2, 1)
df.head()

# %%
y = df["diagnosis"].values

# %% encode target 1/2 -> 0/1
y = y - 1
print(np.unique(y))

# %% encode target 1/2 -> 0/1
y = y - 1
print(np.unique(y))

# %%
X = df.drop(columns="diagnosis").values.astype(np.float32)
X = (X - X.mean(0)) / X.std(0)
X_t = torch.from_numpy(X)
y_t = torch.from_numpy(y.astype(np.float32)).unsqueeze(1)
idx = torch.randperm(len(X_t))
tr, va = idx[:320], idx[320:]

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(5, 16)
        self.out = nn.Linear(16, 1)
    def forward(self, x):
        return self.out(torch.relu(self.fc1(x)))

net = Net()
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.SGD(net.parameters(), lr=0.1)

# %%
for epoch in range(100):
    net.train()
    optimizer.zero_grad()
    loss = criterion(net(X_t[tr]), y_t[tr])
    loss.backward()
    optimizer.step()
net.eval()
with torch.no_grad():
    p = (torch.sigmoid(net(X_t[va])) > 0.5).float()
print("loss", loss.item(), "val acc", (p == y_t[va]).float().mean().item())
