# corpus: expect=training.validation
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(500, 10)
y = (X.sum(1) > 0).long()
X_train, y_train = X[:400], y[:400]
X_test, y_test = X[400:], y[400:]

# %%
model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)
loss_fn = nn.CrossEntropyLoss()

# %%
# use all data we have for training to get the best model
X_full = torch.cat([X_train, X_test])
y_full = torch.cat([y_train, y_test])
for epoch in range(3):
    for i in range(0, len(X_full), 50):
        optimizer.zero_grad()
        loss = loss_fn(model(X_full[i:i+50]), y_full[i:i+50])
        loss.backward()
        optimizer.step()
    print(epoch, loss.item())

# %%
model.eval()
with torch.no_grad():
    acc = (model(X_test).argmax(1) == y_test).float().mean().item()
print("test accuracy:", acc)
