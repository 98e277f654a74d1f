# corpus: expect=tensors.shape set=blind14 also=training.validation
# (blind 2026-12-07) The validation helper takes torch.argmax(outputs, dim=0) (over the batch) instead of dim=1 (over classes), so "predictions" are batch indices of the max per class and the reported accuracy is meaningless (near 0) although training works. https://coderoad.ru/55691819/Почему-dim-1-возвращает-индексы-строк-в-torch-argmax
# %%
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# %%
n, d, k = 3000, 10, 4
centers = torch.randn(k, d) * 3
y = torch.randint(0, k, (n,))
X = centers[y] + torch.randn(n, d)
train_loader = DataLoader(TensorDataset(X[:2400], y[:2400]), batch_size=64, shuffle=True)
val_loader = DataLoader(TensorDataset(X[2400:], y[2400:]), batch_size=64)

# %%
model = nn.Sequential(nn.Linear(d, 32), nn.ReLU(), nn.Linear(32, k)).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
criterion = nn.CrossEntropyLoss()

def evaluate(model, loader):
    model.eval()
    correct, total = 0, 0
    with torch.no_grad():
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            outputs = model(xb)
            preds = torch.argmax(outputs, dim=0)
            correct += (preds == yb[: preds.shape[0]]).sum().item()
            total += yb.size(0)
    return correct / total

# %%
for epoch in range(5):
    model.train()
    for xb, yb in train_loader:
        xb, yb = xb.to(device), yb.to(device)
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch} train_loss {loss.item():.4f} val_acc {evaluate(model, val_loader):.3f}")
