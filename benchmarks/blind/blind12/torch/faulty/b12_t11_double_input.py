# corpus: expect=tensors.input set=blind12
# (blind 2026-12-07) Features come from a pandas/numpy float64 array via torch.from_numpy, so the Linear layer gets a Double tensor and raises "expected ... Float but found Double" / dtype mismatch (data cell). https://github.com/theislab/scarches/issues/195
# %%
import numpy as np, pandas as pd, torch, torch.nn as nn
np.random.seed(11); torch.manual_seed(11)
df = pd.DataFrame(np.random.rand(200, 6), columns=[f"g{i}" for i in range(6)])
df["label"] = (df.g0 + df.g1 > 1).astype(int)
# %%
X = torch.from_numpy(df.drop(columns="label").values)
y = torch.from_numpy(df["label"].values)
# %%
model = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 2))
opt = torch.optim.Adam(model.parameters())
for ep in range(5):
    opt.zero_grad()
    loss = nn.CrossEntropyLoss()(model(X), y)
    loss.backward(); opt.step()
print(loss.item())
