# corpus: correct
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(500, 20)
y = (X[:, :3].sum(1) > 0).long()
X_train, X_val = X[:400], X[400:]
y_train, y_val = y[:400], y[400:]

model = nn.Sequential(
    nn.Linear(20, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Dropout(0.3),
    nn.Linear(64, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Dropout(0.3),
    nn.Linear(64, 2),
)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()

# %%
best_acc = 0.0
for epoch in range(3):
    model.train()
    perm = torch.randperm(len(X_train))
    for i in range(0, len(X_train), 50):
        idx = perm[i:i + 50]
        optimizer.zero_grad()
        loss = loss_fn(model(X_train[idx]), y_train[idx])
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        val_acc = (model(X_val).argmax(1) == y_val).float().mean().item()
    best_acc = max(best_acc, val_acc)
    print(f"epoch {epoch}: loss {loss.item():.3f}, val acc {val_acc:.3f}")
print("best", best_acc)
