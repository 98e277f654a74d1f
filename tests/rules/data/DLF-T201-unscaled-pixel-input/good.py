# %%
import numpy as np
import torch
from torch import nn

rng = np.random.default_rng(0)
images = torch.tensor(rng.integers(0, 256, (64, 1, 8, 8)), dtype=torch.float32) / 255.0
labels = torch.tensor(rng.integers(0, 10, 64))
model = nn.Sequential(nn.Flatten(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

# %%
for i in range(0, 64, 16):
    optimizer.zero_grad()
    loss = loss_fn(model(images[i:i + 16]), labels[i:i + 16])
    loss.backward()
    optimizer.step()

# %%
# raw uint8 pixels, scaled in the loop itself: fine
raw = torch.tensor(rng.integers(0, 256, (32, 1, 8, 8)), dtype=torch.uint8)
loader = torch.utils.data.DataLoader(
    torch.utils.data.TensorDataset(raw, labels[:32]), batch_size=16)
for xb, yb in loader:
    optimizer.zero_grad()
    loss = loss_fn(model(xb.float() / 255), yb)
    loss.backward()
    optimizer.step()

# %%
import keras

x_train = rng.integers(0, 256, (64, 8, 8)).astype("uint8")
y_train = rng.integers(0, 10, 64)
# the model rescales its input itself
clf = keras.Sequential([keras.Input((8, 8)), keras.layers.Rescaling(1 / 255),
                        keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
clf.fit(x_train, y_train, epochs=1, verbose=0)
# token ids (integers, few distinct values) are not pixels
tokens = rng.integers(0, 50, (64, 8, 8)).astype("float32")
emb = keras.Sequential([keras.Input((8, 8)), keras.layers.Flatten(), keras.layers.Dense(1)])
emb.compile(optimizer="adam", loss="mse")
emb.fit(tokens, rng.normal(size=64), epochs=1, verbose=0)
