# corpus: expect=training.loss set=blind14
# (blind 2026-12-07) The network returns raw Linear outputs but the loss is nn.NLLLoss, which expects log-probabilities; NLLLoss just takes -output[target], so the loss goes negative and is minimised by inflating the target logit without bound instead of learning calibrated scores. https://runebook.dev/en/docs/pytorch/generated/torch.nn.nllloss/torch.nn.NLLLoss
# %%
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)

# %%
n, d, k = 2000, 8, 3
centers = torch.randn(k, d) * 1.5
y = torch.randint(0, k, (n,))
X = centers[y] + torch.randn(n, d)
train_loader = DataLoader(TensorDataset(X[:1600], y[:1600]), batch_size=32, shuffle=True)
X_val, y_val = X[1600:], y[1600:]

# %%
class IrisLikeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(d, 16)
        self.out = nn.Linear(16, k)

    def forward(self, x):
        return self.out(torch.tanh(self.hidden(x)))

net = IrisLikeNet()
loss_func = nn.NLLLoss()
optimizer = torch.optim.SGD(net.parameters(), lr=0.01)

# %%
for epoch in range(6):
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = loss_func(net(xb), yb)
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch} loss {loss.item():.3f}")

# %%
with torch.no_grad():
    out = net(X_val)
print("val acc:", (out.argmax(1) == y_val).float().mean().item())
print("max logit magnitude:", out.abs().max().item())
