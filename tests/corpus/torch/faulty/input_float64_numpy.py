# corpus: expect=tensors.input
# %%
import numpy as np
import torch
import torch.nn as nn

data = np.random.rand(300, 5)           # float64 by default
target = (data.sum(axis=1) > 2.5).astype(np.int64)
X = torch.from_numpy(data)
y = torch.from_numpy(target)
print(X.dtype, y.dtype)

# %%
model = nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Linear(16, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.CrossEntropyLoss()

# %%
for epoch in range(3):
    optimizer.zero_grad()
    output = model(X)
    loss = loss_fn(output, y)
    loss.backward()
    optimizer.step()
    print("loss", loss.item())
