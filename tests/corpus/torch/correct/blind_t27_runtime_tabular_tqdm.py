# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler, OneHotEncoder
from sklearn.compose import ColumnTransformer
from tqdm import tqdm

torch.manual_seed(27)

# %%
# adult-income-like data with categorical + numeric columns
rng = np.random.default_rng(27)
n = 900
df = pd.DataFrame({
    "age": rng.integers(17, 90, n),
    "hours_per_week": rng.integers(1, 99, n),
    "capital_gain": rng.exponential(1000, n) * (rng.random(n) < 0.1),
    "education": rng.choice(["HS-grad", "Bachelors", "Masters", "Some-college"], n),
    "sex": rng.choice(["Male", "Female"], n),
    "workclass": rng.choice(["Private", "Self-emp", "Gov"], n),
})
df["income"] = ((df.age > 35) & (df.education.isin(["Bachelors", "Masters"])) | (rng.random(n) < 0.1)).astype(int)
print(df.income.value_counts())

# %%
X_train_df, X_test_df, y_train, y_test = train_test_split(
    df.drop(columns="income"), df["income"].values, test_size=0.2, random_state=27, stratify=df["income"])
pre = ColumnTransformer([
    ("num", StandardScaler(), ["age", "hours_per_week", "capital_gain"]),
    ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), ["education", "sex", "workclass"]),
])
X_train = pre.fit_transform(X_train_df).astype(np.float32)
X_test = pre.transform(X_test_df).astype(np.float32)
print(X_train.shape)

train_loader = DataLoader(TensorDataset(torch.from_numpy(X_train), torch.from_numpy(y_train).float()),
                          batch_size=64, shuffle=True)

# %%
model = nn.Sequential(nn.Linear(X_train.shape[1], 32), nn.ReLU(), nn.Linear(32, 1))
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

# %%
%%dlcheck
for epoch in range(4):
    model.train()
    total = 0.0
    for xb, yb in tqdm(train_loader, desc=f"epoch {epoch}", leave=False):
        optimizer.zero_grad()
        loss = criterion(model(xb).squeeze(1), yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(yb)
    print(f"epoch {epoch}: {total / len(train_loader.dataset):.4f}")

# %%
model.eval()
with torch.no_grad():
    prob = torch.sigmoid(model(torch.from_numpy(X_test))).squeeze(1).numpy()
print("test accuracy", ((prob > 0.5) == y_test).mean())
