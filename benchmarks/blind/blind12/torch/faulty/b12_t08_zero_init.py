# corpus: expect=model.type set=blind12
# (blind 2026-12-07) init_weights() sets every Linear weight and bias to zero with nn.init.zeros_, so all hidden units stay identical (ReLU gives zero gradient) and the network cannot learn (init cell). http://stats.stackexchange.com/questions/27112/danger-of-setting-all-initial-weights-to-zero-in-backpropagation/27123
# %%
import torch, torch.nn as nn
from sklearn.datasets import make_moons
torch.manual_seed(8)
Xn, yn = make_moons(500, noise=0.15, random_state=8)
X = torch.tensor(Xn, dtype=torch.float32); y = torch.tensor(yn)
# %%
net = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 2))
def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.zeros_(m.weight)
        nn.init.zeros_(m.bias)
net.apply(init_weights)
# %%
opt = torch.optim.SGD(net.parameters(), lr=0.1)
for ep in range(200):
    opt.zero_grad()
    out = net(X)
    loss = nn.functional.cross_entropy(out, y)
    loss.backward(); opt.step()
print("loss", loss.item(), "acc", (out.argmax(1) == y).float().mean().item())
