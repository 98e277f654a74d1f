# corpus: correct set=blind12
# (blind 2026-12-07) Multi-class MLP trained with nn.CrossEntropyLoss on raw logits (no softmax in forward); softmax is applied only at inference for probabilities — this is the correct idiom.
# %%
import torch, torch.nn as nn
torch.manual_seed(100)
X = torch.randn(600, 12); W = torch.randn(12, 4); y = (X @ W).argmax(1)
# %%
class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(12, 64), nn.ReLU(), nn.Linear(64, 4))
    def forward(self, x):
        return self.net(x)            # logits
model = Classifier(); criterion = nn.CrossEntropyLoss()
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(60):
    opt.zero_grad(); loss = criterion(model(X), y); loss.backward(); opt.step()
# %%
model.eval()
with torch.no_grad():
    probs = torch.softmax(model(X[:5]), dim=1)
print("loss", loss.item(), probs.sum(1))
