# corpus: expect=training.validation also=training.process set=blind12
# (blind 2026-12-07) The validate() helper runs the Dropout/BatchNorm model without model.eval(), so reported validation accuracy is noisy and BN running stats are updated by validation data (validate cell). https://kaijuan.co/qa/60018578
# %%
import torch, torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
torch.manual_seed(4)
X = torch.randn(800, 20); y = (X[:, :5].sum(1) > 0).long()
train_dl = DataLoader(TensorDataset(X[:600], y[:600]), batch_size=64, shuffle=True)
val_dl = DataLoader(TensorDataset(X[600:], y[600:]), batch_size=64)
# %%
net = nn.Sequential(nn.Linear(20, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 2))
opt = torch.optim.Adam(net.parameters(), 1e-3)
ce = nn.CrossEntropyLoss()
# %%
def validate(model, dl):
    correct = 0
    with torch.no_grad():
        for xb, yb in dl:
            correct += (model(xb).argmax(1) == yb).sum().item()
    return correct / len(dl.dataset)
# %%
for epoch in range(5):
    net.train()
    for xb, yb in train_dl:
        opt.zero_grad(); ce(net(xb), yb).backward(); opt.step()
    print(epoch, "val acc", validate(net, val_dl))
