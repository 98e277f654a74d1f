# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
from sklearn.utils.class_weight import compute_class_weight
from sklearn.metrics import classification_report, confusion_matrix
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler
from tqdm.auto import tqdm

torch.manual_seed(0)
DEVICE = "cuda" if torch.cuda.is_available() else "cpu"

# %%
rng = np.random.default_rng(0)
n = 1000
labels = rng.choice(3, size=n, p=[0.8, 0.15, 0.05])
feats = rng.normal(size=(n, 8)) + labels[:, None] * 0.8
df = pd.DataFrame(feats, columns=[f"f{i}" for i in range(8)])
df["label"] = labels
print(df["label"].value_counts())

# %%
X_train, X_test, y_train, y_test = train_test_split(
    df.drop(columns="label").values, df["label"].values, test_size=0.25,
    stratify=df["label"].values, random_state=0)
mms = MinMaxScaler()
X_train = mms.fit_transform(X_train)
X_test = mms.transform(X_test)

weights = compute_class_weight("balanced", classes=np.unique(y_train), y=y_train)
print("class weights", weights)
class_weights = torch.tensor(weights, dtype=torch.float32).to(DEVICE)

train_loader = DataLoader(
    TensorDataset(torch.FloatTensor(X_train), torch.LongTensor(y_train)),
    batch_size=32, shuffle=True)

# %%
model = nn.Sequential(
    nn.Linear(8, 32), nn.ReLU(),
    nn.Linear(32, 3),
).to(DEVICE)
criterion = nn.CrossEntropyLoss(weight=class_weights)
optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)

# %%
for epoch in range(3):
    model.train()
    pbar = tqdm(train_loader, desc=f"epoch {epoch}", leave=False)
    for xb, yb in pbar:
        xb, yb = xb.to(DEVICE), yb.to(DEVICE)
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        pbar.set_postfix(loss=f"{loss.item():.3f}")

# %%
model.eval()
with torch.no_grad():
    y_pred = model(torch.FloatTensor(X_test).to(DEVICE)).argmax(1).cpu().numpy()
print(confusion_matrix(y_test, y_pred))
print(classification_report(y_test, y_pred, zero_division=0))
