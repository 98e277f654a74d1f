# corpus: expect=training.process set=blind14
# (blind 2026-12-07) validate() switches the model to eval() but the epoch loop never calls model.train() again, so from epoch 2 on Dropout is off and BatchNorm uses frozen running stats during training (silent regularisation loss). https://stackoverflow.com/questions/60018578/what-does-model-eval-do-in-pytorch
# %%
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# %%
n, d = 1500, 30
X = torch.randn(n, d)
y = (X[:, :5].sum(1) + 0.5 * torch.randn(n) > 0).long()
train_loader = DataLoader(TensorDataset(X[:1200], y[:1200]), batch_size=64, shuffle=True)
val_loader = DataLoader(TensorDataset(X[1200:], y[1200:]), batch_size=300)

# %%
model = nn.Sequential(
    nn.Linear(d, 128), nn.BatchNorm1d(128), nn.ReLU(), nn.Dropout(0.5),
    nn.Linear(128, 128), nn.BatchNorm1d(128), nn.ReLU(), nn.Dropout(0.5),
    nn.Linear(128, 2),
).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=5e-3, total_steps=8 * len(train_loader))

def validate():
    model.eval()
    correct = 0
    with torch.no_grad():
        for xb, yb in val_loader:
            correct += (model(xb.to(device)).argmax(1) == yb.to(device)).sum().item()
    return correct / len(val_loader.dataset)

# %%
model.train()
for epoch in range(8):
    for xb, yb in train_loader:
        xb, yb = xb.to(device), yb.to(device)
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
    print(f"epoch {epoch} loss {loss.item():.3f} val_acc {validate():.3f} training_mode={model.training}")
