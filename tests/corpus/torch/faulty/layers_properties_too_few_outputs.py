# corpus: expect=model.layers.properties also=training.data_quality
# %%
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(0)
features = rng.normal(size=(300, 6)).astype(np.float32)
targets = rng.integers(0, 4, size=300)   # 4 kinds of fruit
X = torch.tensor(features)
y = torch.tensor(targets)

# %%
model = nn.Sequential(nn.Linear(6, 24), nn.ReLU(), nn.Linear(24, 2))
loss_fn = nn.CrossEntropyLoss()
opt = torch.optim.SGD(model.parameters(), lr=0.1)

# %%
for epoch in range(2):
    opt.zero_grad()
    out = model(X)
    loss = loss_fn(out, y)
    loss.backward()
    opt.step()
    print(epoch, loss.item())
