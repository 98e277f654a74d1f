# %%
import numpy as np
import torch
from torch import nn

rng = np.random.default_rng(0)
images = torch.tensor(rng.integers(0, 256, (64, 1, 8, 8)), dtype=torch.float32)
labels = torch.tensor(rng.integers(0, 10, 64))
model = nn.Sequential(nn.Flatten(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
images = images / 255.0   # and the same for the test/validation images  dlfault-fix

# %%
for i in range(0, 64, 16):
    optimizer.zero_grad()
    loss = loss_fn(model(images[i:i + 16]), labels[i:i + 16])
    loss.backward()
    optimizer.step()

# %%
import keras

x_train = rng.integers(0, 256, (64, 8, 8)).astype("uint8")
y_train = rng.integers(0, 10, 64)
clf = keras.Sequential([keras.Input((8, 8)), keras.layers.Flatten(),
                        keras.layers.Dense(10, activation="softmax")])
clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
x_train = x_train.astype("float32") / 255.0   # dlfault-fix
clf.fit(x_train, y_train, epochs=1, verbose=0)
