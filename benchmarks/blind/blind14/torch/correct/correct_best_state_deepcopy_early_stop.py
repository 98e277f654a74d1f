# corpus: correct set=blind14
# (blind 2026-12-07) Training loop with model.train() at the start of every epoch, validation under model.eval()+no_grad, best weights kept with copy.deepcopy(state_dict) and restored with load_state_dict before the final test evaluation; test split is never used for model selection. https://pytorch.org/tutorials/beginner/saving_loading_models.html
# %%
import copy
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader, random_split

torch.manual_seed(0)

# %%
n, d = 2000, 30
X = torch.randn(n, d)
y = (X[:, :5].sum(1) + 0.5 * torch.randn(n) > 0).long()
train_ds, val_ds, test_ds = random_split(TensorDataset(X, y), [1400, 300, 300], generator=torch.Generator().manual_seed(1))
train_loader = DataLoader(train_ds, batch_size=64, shuffle=True)
val_loader = DataLoader(val_ds, batch_size=300)
test_loader = DataLoader(test_ds, batch_size=300)

# %%
model = nn.Sequential(nn.Linear(d, 128), nn.BatchNorm1d(128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

def accuracy(loader):
    model.eval()
    correct = 0
    with torch.no_grad():
        for xb, yb in loader:
            correct += (model(xb).argmax(1) == yb).sum().item()
    return correct / len(loader.dataset)

# %%
best_acc, best_state, patience, bad = 0.0, None, 3, 0
for epoch in range(15):
    model.train()
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    val_acc = accuracy(val_loader)
    if val_acc > best_acc:
        best_acc, best_state, bad = val_acc, copy.deepcopy(model.state_dict()), 0
    else:
        bad += 1
        if bad >= patience:
            break
    print(f"epoch {epoch} loss {loss.item():.3f} val_acc {val_acc:.3f}")

# %%
model.load_state_dict(best_state)
print("best val acc:", best_acc, "test acc:", accuracy(test_loader))
