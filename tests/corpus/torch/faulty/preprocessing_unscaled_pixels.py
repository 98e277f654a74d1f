# corpus: expect=training.preprocessing
# %%
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(0)
# 8-bit grayscale images as they come from the files
raw = rng.integers(0, 256, size=(256, 1, 28, 28), dtype=np.uint8)
labels = rng.integers(0, 10, size=256)
images = torch.tensor(raw, dtype=torch.float32)
targets = torch.tensor(labels)
print(images.min(), images.max())

# %%
model = nn.Sequential(
    nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(8 * 13 * 13, 10),
)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()

# %%
for epoch in range(2):
    for i in range(0, 256, 32):
        optimizer.zero_grad()
        loss = loss_fn(model(images[i:i+32]), targets[i:i+32])
        loss.backward()
        optimizer.step()
    print(epoch, loss.item())
