# corpus: expect=training.optimizer set=blind15
# (blind 2026-12-07) The projection layer is instantiated inside forward(), so it is not a registered parameter when the optimizer is built and a fresh random layer is used at every call; the optimizer never updates it and the loss does not go down. https://thecodeforge.io/ml-ai/pytorch-neural-network/
# %%
import torch
import torch.nn as nn

torch.manual_seed(8)
X = torch.randn(1500, 16)
y = (X[:, :4].sum(1) > 0).long()

# %%
class SensorNet(nn.Module):
    def __init__(self, d_in=16, d_hidden=48, n_out=2):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(d_in, d_hidden), nn.ReLU())
        self.d_hidden, self.n_out = d_hidden, n_out

    def forward(self, x):
        h = self.encoder(x)
        classifier = nn.Linear(self.d_hidden, self.n_out)
        return classifier(h)

net = SensorNet()
print("registered params:", sum(p.numel() for p in net.parameters()))
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
loss_fn = nn.CrossEntropyLoss()

# %%
for epoch in range(10):
    for idx in torch.randperm(1200).split(100):
        opt.zero_grad()
        loss = loss_fn(net(X[idx]), y[idx])
        loss.backward()
        opt.step()
    with torch.no_grad():
        acc = (net(X[1200:]).argmax(1) == y[1200:]).float().mean().item()
    print(f"epoch {epoch} loss {loss.item():.3f} holdout acc {acc:.3f}")
