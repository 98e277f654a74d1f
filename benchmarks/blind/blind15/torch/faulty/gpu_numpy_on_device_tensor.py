# corpus: expect=gpu set=blind15
# (blind 2026-12-07) The evaluation cell converts model outputs with .numpy() directly; the tensors live on `device`, so on a CUDA machine this raises "can't convert cuda:0 device type tensor to numpy" (it only works on this CPU run by accident). https://github.com/JDAI-CV/fast-reid/pull/509
# %%
import numpy as np
import torch
import torch.nn as nn
from sklearn.metrics import confusion_matrix

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.manual_seed(0)
X = torch.randn(1000, 8)
y = (X[:, 0] + X[:, 1] ** 2 > 1).long()

# %%
net = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2)).to(device)
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
for epoch in range(30):
    xb, yb = X[:800].to(device), y[:800].to(device)
    opt.zero_grad()
    loss = nn.functional.cross_entropy(net(xb), yb)
    loss.backward()
    opt.step()
print("train loss", loss.item())

# %%
net.eval()
with torch.no_grad():
    logits = net(X[800:].to(device))
    probs = torch.softmax(logits, dim=1)
pred = probs.argmax(1).numpy()
conf = probs.max(1).values.numpy()
print(confusion_matrix(y[800:].numpy(), pred))
print("mean confidence:", np.round(conf.mean(), 3))
