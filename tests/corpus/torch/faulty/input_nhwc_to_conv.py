# corpus: expect=tensors.input also=tensors.shape,model.layers.properties
# %%
import numpy as np
import torch
import torch.nn as nn

# images as they come from PIL / matplotlib: height, width, channels
rng = np.random.default_rng(0)
images = rng.random((128, 32, 32, 3), dtype=np.float32)
labels = rng.integers(0, 4, 128)
X = torch.from_numpy(images)
y = torch.from_numpy(labels)
print(X.shape)

# %%
model = nn.Sequential(
    nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
    nn.Flatten(), nn.Linear(16, 4),
)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(2):
    for i in range(0, 128, 32):
        opt.zero_grad()
        loss = criterion(model(X[i:i+32]), y[i:i+32])
        loss.backward()
        opt.step()
    print(epoch, loss.item())
