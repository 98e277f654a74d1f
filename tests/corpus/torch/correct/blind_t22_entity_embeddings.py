# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler, LabelEncoder

torch.manual_seed(22)

# %%
# store-sales-like tabular data: categorical ids + continuous columns, regression target
rng = np.random.default_rng(22)
n = 800
df = pd.DataFrame({
    "store": rng.choice([f"S{i}" for i in range(20)], n),
    "dayofweek": rng.integers(0, 7, n),
    "promo": rng.integers(0, 2, n),
    "competition_distance": rng.lognormal(7, 1, n),
    "temperature": rng.normal(15, 8, n),
})
df["sales"] = (np.log1p(df.competition_distance) * 0.1 + df.promo * 0.5 + (df.dayofweek == 5) * 0.3
               + rng.normal(0, 0.2, n))
cat_cols, cont_cols = ["store", "dayofweek", "promo"], ["competition_distance", "temperature"]
for c in cat_cols:
    df[c] = LabelEncoder().fit_transform(df[c])
df["competition_distance"] = np.log1p(df["competition_distance"])
df.head()

# %%
train_df, valid_df = train_test_split(df, test_size=0.2, random_state=22)
scaler = StandardScaler().fit(train_df[cont_cols])
y_mean, y_std = train_df["sales"].mean(), train_df["sales"].std()

class TabDataset(Dataset):
    def __init__(self, frame):
        self.cats = torch.tensor(frame[cat_cols].values, dtype=torch.long)
        self.conts = torch.tensor(scaler.transform(frame[cont_cols]), dtype=torch.float32)
        self.y = torch.tensor(((frame["sales"] - y_mean) / y_std).values, dtype=torch.float32).unsqueeze(1)
    def __len__(self):
        return len(self.y)
    def __getitem__(self, i):
        return self.cats[i], self.conts[i], self.y[i]

train_dl = DataLoader(TabDataset(train_df), batch_size=64, shuffle=True)
valid_dl = DataLoader(TabDataset(valid_df), batch_size=256)

# %%
class EntityEmbNet(nn.Module):
    def __init__(self, cardinalities, n_cont):
        super().__init__()
        self.embs = nn.ModuleList([nn.Embedding(c, min(50, (c + 1) // 2)) for c in cardinalities])
        emb_dim = sum(e.embedding_dim for e in self.embs)
        self.bn_cont = nn.BatchNorm1d(n_cont)
        self.layers = nn.Sequential(nn.Linear(emb_dim + n_cont, 64), nn.ReLU(), nn.Dropout(0.1),
                                    nn.Linear(64, 1))
    def forward(self, x_cat, x_cont):
        x = torch.cat([e(x_cat[:, i]) for i, e in enumerate(self.embs)], dim=1)
        return self.layers(torch.cat([x, self.bn_cont(x_cont)], dim=1))

model = EntityEmbNet([df[c].nunique() for c in cat_cols], len(cont_cols))
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
loss_fn = nn.MSELoss()

# %%
%%dlcheck
for epoch in range(3):
    model.train()
    for xc, xn, yb in train_dl:
        opt.zero_grad()
        loss = loss_fn(model(xc, xn), yb)
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        val = sum(loss_fn(model(xc, xn), yb).item() * len(yb) for xc, xn, yb in valid_dl) / len(valid_df)
    print(f"epoch {epoch} val RMSE (sales units) {np.sqrt(val) * y_std:.3f}")
