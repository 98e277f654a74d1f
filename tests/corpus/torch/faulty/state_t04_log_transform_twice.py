# corpus: expect=training.preprocessing set=state
# Tabular regression with a skewed income column. The user log-transforms the column in place
# (df['income'] = np.log(df['income'])) and re-runs that cell after looking at the histogram.
# The feature becomes log(log(income)); at predict time new customers are transformed once,
# so the model sees inputs on a different scale than it was trained on.
# Sources: balabit.com/blog/magic-trick-with-pandas (in-place pandas column edits in a notebook);
# 0539edu.com/news/596753 (Jupyter execution-order traps); Pimentel et al. MSR 2019.
# %%
import numpy as np
import pandas as pd
import torch
from torch import nn

rng = np.random.default_rng(7)
n = 500
df = pd.DataFrame({
    "income": rng.lognormal(10, 0.8, n),
    "age": rng.integers(20, 70, n).astype(float),
})
df["spend"] = 0.3 * np.log(df["income"]) + 0.01 * df["age"] + rng.normal(0, 0.05, n)
df.describe()

# %% log-transform the skewed feature
df["income"] = np.log(df["income"])
df["income"].describe()

# %% log-transform the skewed feature
df["income"] = np.log(df["income"])
df["income"].describe()

# %%
feats = ["income", "age"]
mu, sd = df[feats].mean(), df[feats].std()
X = torch.tensor(((df[feats] - mu) / sd).values, dtype=torch.float32)
y = torch.tensor(df["spend"].values, dtype=torch.float32).unsqueeze(1)
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 1))
opt = torch.optim.Adam(net.parameters(), lr=0.01)
for epoch in range(200):
    net.train()
    opt.zero_grad()
    loss = nn.functional.mse_loss(net(X[:400]), y[:400])
    loss.backward()
    opt.step()
net.eval()
with torch.no_grad():
    print("val mse", nn.functional.mse_loss(net(X[400:]), y[400:]).item())

# %% score new customers
new = pd.DataFrame({"income": rng.lognormal(10, 0.8, 5), "age": [25., 35., 45., 55., 65.]})
new["income"] = np.log(new["income"])
with torch.no_grad():
    print(net(torch.tensor(((new[feats] - mu) / sd).values, dtype=torch.float32)).squeeze())
