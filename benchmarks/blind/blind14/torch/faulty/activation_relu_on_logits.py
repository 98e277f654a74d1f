# corpus: expect=model.layers.activation set=blind14
# (blind 2026-12-07) The classifier's forward applies F.relu to the final Linear output before CrossEntropyLoss(label_smoothing=0.1), so logits cannot go negative, many output units die at 0 and the class scores are clipped, slowing/limiting training. https://ai.stackexchange.com/questions/8491/does-it-make-sense-to-apply-softmax-on-top-of-relu/8495
# %%
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader, random_split

torch.manual_seed(0)

# %%
n, d, k = 2000, 16, 6
centers = torch.randn(k, d) * 2
y = torch.randint(0, k, (n,))
X = centers[y] + torch.randn(n, d)
ds = TensorDataset(X, y)
train_ds, val_ds = random_split(ds, [1600, 400], generator=torch.Generator().manual_seed(0))
train_loader = DataLoader(train_ds, batch_size=64, shuffle=True)
val_loader = DataLoader(val_ds, batch_size=256)

# %%
class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(d, 64)
        self.fc2 = nn.Linear(64, 32)
        self.out = nn.Linear(32, k)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return F.relu(self.out(x))

model = Classifier()
criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-2)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=6)

# %%
for epoch in range(6):
    model.train()
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    scheduler.step()
    model.eval()
    correct = 0
    with torch.no_grad():
        for xb, yb in val_loader:
            correct += (model(xb).argmax(1) == yb).sum().item()
    print(f"epoch {epoch} loss {loss.item():.3f} val_acc {correct / len(val_ds):.3f}")
