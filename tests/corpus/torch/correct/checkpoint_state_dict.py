# corpus: correct
# %%
import os
import tempfile
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(300, 5)
y = (X[:, 0] > 0).long()
model = nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Linear(16, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
criterion = nn.CrossEntropyLoss()
for epoch in range(3):
    optimizer.zero_grad()
    loss = criterion(model(X), y)
    loss.backward()
    optimizer.step()
print("final loss", loss.item())

# %%
ckpt_dir = tempfile.mkdtemp()
path = os.path.join(ckpt_dir, "model.pt")
torch.save(model.state_dict(), path)

restored = nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Linear(16, 2))
restored.load_state_dict(torch.load(path))
restored.eval()
model.eval()
with torch.no_grad():
    same = torch.allclose(model(X), restored(X))
print("outputs identical after reload:", same)
