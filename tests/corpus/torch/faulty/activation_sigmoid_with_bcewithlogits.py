# corpus: expect=training.loss also=model.layers.activation,model.layers.choice
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(2)
X = torch.randn(400, 10)
y = (X[:, 0] - X[:, 3] > 0).float()

# %%
class BinaryNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(10, 32)
        self.l2 = nn.Linear(32, 1)

    def forward(self, x):
        x = F.relu(self.l1(x))
        return torch.sigmoid(self.l2(x))

model = BinaryNet()
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

# %%
for epoch in range(3):
    for i in range(0, 400, 40):
        optimizer.zero_grad()
        out = model(X[i:i+40]).squeeze(1)
        loss = criterion(out, y[i:i+40])
        loss.backward()
        optimizer.step()
    print("epoch", epoch, "loss", loss.item())

# %%
with torch.no_grad():
    preds = (model(X).squeeze(1) > 0.5).float()
print("train acc", (preds == y).float().mean().item())
