# corpus: expect=gpu set=blind14
# (blind 2026-12-07) In the training loop the batch is moved with `xb.to(device)` / `yb.to(device)` without assigning the result (Tensor.to is not in-place, unlike Module.to), so on a CUDA machine the CPU batch meets the CUDA model and the forward fails with a device mismatch; on CPU the bug is latent. https://theneuralbase.com/pytorch/learn/beginner/tensor-device-cpu-vs-cuda/
# %%
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# %%
X = torch.randn(2048, 20)
y = (X[:, 0] - X[:, 1] > 0).long()
loader = DataLoader(TensorDataset(X, y), batch_size=128, shuffle=True)

# %%
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 2))
model.to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(3):
    for xb, yb in loader:
        xb.to(device)
        yb.to(device)
        with torch.autocast(device_type=device, dtype=torch.bfloat16, enabled=(device == "cuda")):
            loss = criterion(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(epoch, loss.item())
