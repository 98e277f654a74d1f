# corpus: expect=gpu set=blind14
# (blind 2026-12-07) The notebook copied from a Colab GPU session calls model.cuda() unconditionally, so on a machine without CUDA (this CPU run) it raises "AssertionError: Torch not compiled with CUDA enabled" / "Found no NVIDIA driver" in the model cell. https://github.com/pytorch/pytorch/issues/4672
# %%
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)

# %%
X = torch.randn(1000, 12)
y = X @ torch.randn(12, 1) + 0.1 * torch.randn(1000, 1)
loader = DataLoader(TensorDataset(X, y), batch_size=100, shuffle=True)

# %%
model = nn.Sequential(nn.Linear(12, 32), nn.ReLU(), nn.Linear(32, 1))
model = model.cuda()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

# %%
for epoch in range(5):
    for xb, yb in loader:
        xb, yb = xb.cuda(), yb.cuda()
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(xb), yb)
        loss.backward()
        optimizer.step()
    print(epoch, loss.item())
