# corpus: expect=tensors.shape also=training.loss set=blind12
# (blind 2026-12-07) The regression head outputs (N,1) while the target tensor is (N,), so nn.MSELoss broadcasts to (N,N) and the model learns the mean only (loss cell; only a UserWarning). http://www.kouhan.cn/en/article/00050409
# %%
import numpy as np, pandas as pd, torch, torch.nn as nn
np.random.seed(3); torch.manual_seed(3)
df = pd.DataFrame(np.random.randn(400, 3), columns=["a", "b", "c"])
df["price"] = 2 * df.a - df.b + 0.5 * df.c + 0.1 * np.random.randn(400)
# %%
features = torch.tensor(df[["a", "b", "c"]].values, dtype=torch.float32)
target = torch.tensor(df["price"].values, dtype=torch.float32)   # shape (400,)
# %%
reg = nn.Sequential(nn.Linear(3, 32), nn.ReLU(), nn.Linear(32, 1))
opt = torch.optim.Adam(reg.parameters(), lr=0.01)
crit = nn.MSELoss()
for step in range(200):
    opt.zero_grad()
    pred = reg(features)                 # shape (400, 1)
    loss = crit(pred, target)
    loss.backward(); opt.step()
print("loss", loss.item(), "pred std", pred.std().item(), "target std", target.std().item())
