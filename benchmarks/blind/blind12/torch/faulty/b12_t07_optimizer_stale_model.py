# corpus: expect=training.optimizer set=blind12
# (blind 2026-12-07) The optimizer is built from the first model instance, then a later cell re-creates `model = MLP()` (to move it to device) and trains it with the old optimizer, so the trained model's parameters never change (setup cell 3). https://github.com/spro/practical-pytorch/issues/9
# %%
import torch, torch.nn as nn
torch.manual_seed(7)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
X = torch.randn(300, 8); y = (X[:, 0] * X[:, 1] > 0).long()
# %%
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))
    def forward(self, x):
        return self.layers(x)
model = MLP()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
criterion = nn.CrossEntropyLoss()
# %%
# put the model on the GPU if we have one
model = MLP().to(device)
X, y = X.to(device), y.to(device)
# %%
w0 = model.layers[0].weight.detach().clone()
for epoch in range(50):
    optimizer.zero_grad()
    loss = criterion(model(X), y)
    loss.backward()
    optimizer.step()
print("loss", loss.item(), "weights changed:", not torch.equal(w0, model.layers[0].weight))
