# corpus: expect=model.layers.choice also=model.layers.activation,training.loss
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(3)
X = torch.randn(480, 12)
y = (X[:, :3].sum(1) > 0).long() + (X[:, 3] > 0.5).long()
loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)

# %%
class Classifier(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.hidden = nn.Linear(n_in, 32)
        self.out = nn.Linear(32, n_out)

    def forward(self, x):
        x = F.relu(self.hidden(x))
        return F.softmax(self.out(x), dim=1)

model = Classifier(12, 3)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

# %%
for epoch in range(2):
    running = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        running += loss.item()
    print(f"epoch {epoch+1}: {running / len(loader):.3f}")
