# corpus: expect=training.data_quality also=training.validation set=blind12
# (blind 2026-12-07) Fraud data has about 2% positives and is trained with plain unweighted CrossEntropyLoss and judged by accuracy, so the model predicts "not fraud" for everything while reporting ~98% accuracy (data/training cells). https://dev.to/sachin_krrajput/imbalanced-datasets-when-your-model-gets-99-accuracy-by-being-completely-useless-26pd
# %%
import numpy as np, torch, torch.nn as nn
from sklearn.model_selection import train_test_split
from sklearn.metrics import recall_score
rng = np.random.default_rng(21); torch.manual_seed(21)
n = 3000
y = (rng.random(n) < 0.02).astype(np.int64)
X = rng.normal(size=(n, 6)).astype(np.float32); X[y == 1, 0] += 1.0
Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, random_state=0)
# %%
clf = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 2))
opt = torch.optim.SGD(clf.parameters(), lr=0.05)
Xt, yt = torch.from_numpy(Xtr), torch.from_numpy(ytr)
for ep in range(100):
    opt.zero_grad(); nn.functional.cross_entropy(clf(Xt), yt).backward(); opt.step()
# %%
with torch.no_grad():
    pred = clf(torch.from_numpy(Xte)).argmax(1).numpy()
print("accuracy", (pred == yte).mean(), "fraud recall", recall_score(yte, pred, zero_division=0))
