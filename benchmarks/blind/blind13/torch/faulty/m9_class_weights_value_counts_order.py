# corpus: expect=training.loss also=training.data_quality set=modern area=9
# (blind 2026-12-07) In the loss cell the CrossEntropyLoss weight tensor is built from pandas value_counts(), which is ordered by frequency, not by class index, so the rare class gets the weight meant for the frequent one. https://discuss.pytorch.org/t/passing-the-weights-to-crossentropyloss-correctly/14731
# %%
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(0)
rng = np.random.RandomState(0)
y_np = rng.choice([0, 1, 2], size=3000, p=[0.15, 0.80, 0.05])     # class 1 dominant, class 2 rare
X = torch.tensor(rng.randn(3000, 8) + y_np[:, None] * 0.6, dtype=torch.float32)
y = torch.tensor(y_np)

# %%
counts = pd.Series(y_np).value_counts()
weights = torch.tensor((len(y_np) / (3 * counts)).values, dtype=torch.float32)
print(counts.to_dict(), "->", weights)
criterion = nn.CrossEntropyLoss(weight=weights)

# %%
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 3))
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(100):
    opt.zero_grad()
    criterion(model(X), y).backward()
    opt.step()
pred = model(X).argmax(1)
print("per-class recall:", [round(((pred == c) & (y == c)).sum().item() / (y == c).sum().item(), 3) for c in range(3)])
