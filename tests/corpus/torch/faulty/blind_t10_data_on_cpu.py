# corpus: expect=gpu
# (blind probe, 2026-12-06) model is moved with model.to(device) but the training/eval batches are never moved to device (works only on CPU, fails on any CUDA machine), cell 4
# %%
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset

device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
print("Using", device)
torch.manual_seed(0)

# %%
rng = np.random.default_rng(0)
imgs = rng.random((500, 1, 28, 28), dtype=np.float32)
lbls = rng.integers(0, 10, 500)
imgs += (lbls[:, None, None, None] / 10.0).astype(np.float32)
train_dl = DataLoader(TensorDataset(torch.from_numpy(imgs[:400]), torch.from_numpy(lbls[:400])), batch_size=50, shuffle=True)
valid_dl = DataLoader(TensorDataset(torch.from_numpy(imgs[400:]), torch.from_numpy(lbls[400:])), batch_size=100)

# %%
model = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(16 * 7 * 7, 10),
)
model.to(device)
loss_func = nn.CrossEntropyLoss()
opt = optim.Adam(model.parameters(), lr=1e-3)

# %%
def fit(epochs, model, loss_func, opt, train_dl, valid_dl):
    for epoch in range(epochs):
        model.train()
        for xb, yb in train_dl:
            loss = loss_func(model(xb), yb)
            loss.backward()
            opt.step()
            opt.zero_grad()
        model.eval()
        with torch.no_grad():
            valid_loss = sum(loss_func(model(xb), yb).item() for xb, yb in valid_dl) / len(valid_dl)
            correct = sum((model(xb).argmax(1) == yb).sum().item() for xb, yb in valid_dl)
        print(epoch, valid_loss, correct / len(valid_dl.dataset))

fit(2, model, loss_func, opt, train_dl, valid_dl)
