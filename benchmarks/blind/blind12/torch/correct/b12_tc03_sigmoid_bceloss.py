# corpus: correct set=blind12
# (blind 2026-12-07) Binary classifier whose forward ends in torch.sigmoid, trained with nn.BCELoss on float targets of shape (N,1) — sigmoid + BCELoss is a valid pairing.
# %%
import torch, torch.nn as nn
from sklearn.datasets import make_moons
torch.manual_seed(102)
Xn, yn = make_moons(600, noise=0.2, random_state=2)
X = torch.tensor(Xn, dtype=torch.float32); y = torch.tensor(yn, dtype=torch.float32).unsqueeze(1)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(2, 32); self.fc2 = nn.Linear(32, 1)
    def forward(self, x):
        return torch.sigmoid(self.fc2(torch.relu(self.fc1(x))))
net = Net(); loss_fn = nn.BCELoss(); opt = torch.optim.Adam(net.parameters(), 1e-2)
# %%
for i in range(300):
    opt.zero_grad(); p = net(X); loss = loss_fn(p, y); loss.backward(); opt.step()
print(loss.item(), ((p > 0.5).float() == y).float().mean().item())
