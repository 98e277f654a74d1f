# corpus: correct set=blind12
# (blind 2026-12-07) Pandas regression: split first, StandardScaler fit on the training part only and reused for the test part, targets reshaped to (N,1) to match the (N,1) output, DataLoader with shuffle=True for train only.
# %%
import numpy as np, pandas as pd, torch, torch.nn as nn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from torch.utils.data import TensorDataset, DataLoader
np.random.seed(104); torch.manual_seed(104)
df = pd.DataFrame(np.random.randn(500, 3) * [10, 200, 1], columns=["a", "b", "c"])
df["y"] = 0.2 * df.a - 0.01 * df.b + 2 * df.c + np.random.randn(500) * 0.1
Xtr, Xte, ytr, yte = train_test_split(df[["a", "b", "c"]].values, df["y"].values, test_size=0.2, random_state=0)
sc = StandardScaler().fit(Xtr)
Xtr, Xte = sc.transform(Xtr), sc.transform(Xte)
to_t = lambda a: torch.tensor(a, dtype=torch.float32)
train_dl = DataLoader(TensorDataset(to_t(Xtr), to_t(ytr).view(-1, 1)), batch_size=32, shuffle=True)
# %%
model = nn.Sequential(nn.Linear(3, 32), nn.ReLU(), nn.Linear(32, 1)); opt = torch.optim.Adam(model.parameters(), 1e-2)
for ep in range(30):
    for xb, yb in train_dl:
        opt.zero_grad(); loss = nn.functional.mse_loss(model(xb), yb); loss.backward(); opt.step()
model.eval()
with torch.no_grad():
    print("test mse", nn.functional.mse_loss(model(to_t(Xte)), to_t(yte).view(-1, 1)).item())
