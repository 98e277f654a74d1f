# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(200, 8)
y = torch.randint(0, 2, (200,))
perm = torch.randperm(200)
X_train, y_train = X[perm[:100]], y[perm[:100]]
model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))

# %%
train_ds = torch.utils.data.TensorDataset(X_train, y_train)

# %%
# constant targets built for a loss on purpose (a GAN discriminator step) are fine
D = nn.Sequential(nn.Linear(8, 1))
bce = nn.BCEWithLogitsLoss()
d_opt = torch.optim.SGD(D.parameters(), lr=0.01)
real = torch.ones(32, 1)
for i in range(0, 64, 32):
    d_opt.zero_grad()
    loss = bce(D(X_train[i:i + 32]), real)
    loss.backward()
    d_opt.step()
