# corpus: expect=training.data_quality set=blind12
# (blind 2026-12-07) The sensor CSV has missing readings (NaN) that go straight into the tensor without dropna/imputation, so the loss becomes nan from the first batch (data cell). https://www.baeldung.com/cs/ml-training-nan-errors-fix
# %%
import numpy as np, pandas as pd, torch, torch.nn as nn
np.random.seed(15); torch.manual_seed(15)
df = pd.DataFrame({"temp": np.random.normal(20, 5, 500), "hum": np.random.uniform(30, 90, 500),
                   "wind": np.random.gamma(2, 2, 500)})
df["load"] = 0.3 * df.temp + 0.05 * df.hum - 0.2 * df.wind + np.random.randn(500)
df.loc[df.sample(frac=0.03, random_state=1).index, "hum"] = np.nan   # logger dropouts
# %%
feats = df[["temp", "hum", "wind"]]
feats = (feats - feats.mean()) / feats.std()
X = torch.tensor(feats.values, dtype=torch.float32)
y = torch.tensor(df[["load"]].values, dtype=torch.float32)
# %%
model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 1))
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
for ep in range(20):
    opt.zero_grad(); loss = nn.functional.mse_loss(model(X), y); loss.backward(); opt.step()
print("loss", loss.item())
