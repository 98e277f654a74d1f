# corpus: expect=model.type set=blind15
# (blind 2026-12-07) The "deep" classifier for the two-rings data is a stack of nn.Linear layers with no non-linearity between them, so it collapses to a single linear map and stays near chance on a non-linearly separable problem. https://errorhandle.ai/why-linear-function-is-useless-in-multiple-layer-neural-network
# %%
import math
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)

def make_rings(n, noise=0.08):
    radius = torch.where(torch.rand(n) < 0.5, torch.tensor(0.5), torch.tensor(1.0))
    angle = torch.rand(n) * 2 * math.pi
    pts = torch.stack([radius * torch.cos(angle), radius * torch.sin(angle)], dim=1)
    pts = pts + noise * torch.randn_like(pts)
    label = (radius > 0.75).long()
    return pts, label

train_pts, train_lbl = make_rings(2000)
test_pts, test_lbl = make_rings(500)
loader = DataLoader(TensorDataset(train_pts, train_lbl), batch_size=64, shuffle=True)

# %%
class RingNet(nn.Module):
    def __init__(self, hidden=64):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(2, hidden),
            nn.Linear(hidden, hidden),
            nn.Linear(hidden, hidden),
            nn.Linear(hidden, 2),
        )

    def forward(self, x):
        return self.layers(x)

net = RingNet()
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
crit = nn.CrossEntropyLoss()

# %%
for epoch in range(15):
    net.train()
    running = 0.0
    for xb, yb in loader:
        opt.zero_grad()
        loss = crit(net(xb), yb)
        loss.backward()
        opt.step()
        running += loss.item() * len(xb)
    if epoch % 5 == 4:
        print(f"epoch {epoch+1}: loss {running / len(loader.dataset):.4f}")

# %%
net.eval()
with torch.no_grad():
    acc = (net(test_pts).argmax(1) == test_lbl).float().mean().item()
print(f"test accuracy: {acc:.3f}")
