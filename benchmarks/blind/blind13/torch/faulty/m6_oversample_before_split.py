# corpus: expect=training.validation also=training.data_quality set=modern area=6
# (blind 2026-12-07) In the balancing cell the minority class is oversampled (sklearn.utils.resample with replacement) BEFORE train_test_split, so copies of the same minority rows land in both train and test and the test recall is inflated. https://yijiew.medium.com/avoiding-leakage-in-cross-validation-when-using-smote-b63fdd3d159d
# %%
import numpy as np
import torch
import torch.nn as nn
from sklearn.utils import resample
from sklearn.model_selection import train_test_split
from sklearn.metrics import recall_score

rng = np.random.RandomState(0)
torch.manual_seed(0)
X = rng.randn(2000, 10).astype("float32")
y = (rng.rand(2000) < 0.05).astype("int64")          # 5% positives, labels pure noise
X_min, X_maj = X[y == 1], X[y == 0]

# %%
X_min_up = resample(X_min, replace=True, n_samples=len(X_maj), random_state=0)
X_bal = np.vstack([X_maj, X_min_up])
y_bal = np.hstack([np.zeros(len(X_maj)), np.ones(len(X_min_up))]).astype("int64")
X_tr, X_te, y_tr, y_te = train_test_split(X_bal, y_bal, test_size=0.2, random_state=0, stratify=y_bal)

# %%
model = nn.Sequential(nn.Linear(10, 128), nn.ReLU(), nn.Linear(128, 2))
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
Xt, yt = torch.tensor(X_tr), torch.tensor(y_tr)
for epoch in range(150):
    opt.zero_grad()
    nn.functional.cross_entropy(model(Xt), yt).backward()
    opt.step()
pred = model(torch.tensor(X_te)).argmax(1).numpy()
print("test recall on minority (labels are noise!):", recall_score(y_te, pred))
