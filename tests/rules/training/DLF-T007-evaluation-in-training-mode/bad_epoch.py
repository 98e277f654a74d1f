# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(19)
feat = torch.randn(200, 6)
lab = (feat[:, 2] > 0).long()
tr_loader = DataLoader(TensorDataset(feat[:160], lab[:160]), batch_size=20, shuffle=True)
hold_x, hold_y = feat[160:], lab[160:]
clf_net = nn.Sequential(nn.Linear(6, 32), nn.ReLU(), nn.Dropout(0.3), nn.Linear(32, 2))
adam = torch.optim.Adam(clf_net.parameters(), lr=1e-3)

# %%
for ep in range(3):
    clf_net.train()
    for xb, yb in tr_loader:
        adam.zero_grad()
        nn.functional.cross_entropy(clf_net(xb), yb).backward()
        adam.step()
    with torch.inference_mode():
        hold_acc = (clf_net(hold_x).argmax(1) == hold_y).float().mean()  # expect: DLF-T007
