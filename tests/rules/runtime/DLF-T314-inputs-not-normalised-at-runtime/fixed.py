# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(256, 8)
y = (X[:, 0] + X[:, 1] > 0).long()
X = (X * 40 + 128).clamp(0, 255).round()  # raw 0-255 values
X_train = X
mean, std = X_train.mean(dim=0), X_train.std(dim=0) + 1e-8  # dlfault-fix
X_train = (X_train - mean) / std      # images: X = X / 255.0, then per-channel standardise  dlfault-fix
X = X_train
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)   # (1e-4 was only tuned to the raw scale)
loss_fn = nn.CrossEntropyLoss()

# %%
%%dlcheck
for epoch in range(5):
    perm = torch.randperm(256)
    for i in range(0, 256, 32):
        idx = perm[i:i + 32]
        optimizer.zero_grad()
        loss = loss_fn(model(X[idx]), y[idx])
        loss.backward()
        optimizer.step()

# %%
import keras
import numpy as np

keras.utils.set_random_seed(0)
Xk = np.random.RandomState(0).randn(256, 8).astype("float32") * 100 + 500  # raw readings
yk = (Xk[:, 0] + Xk[:, 1] > 1000).astype("int32")
X_train = Xk
norm = keras.layers.Normalization()   # images: keras.layers.Rescaling(1 / 255)  dlfault-fix
norm.adapt(X_train)                      # statistics of the training data only  dlfault-fix
kmodel = keras.Sequential([keras.Input(X_train.shape[1:]), norm, keras.layers.Dense(32, activation="relu"), keras.layers.Dense(2)])  # noqa: E501  dlfault-fix
kmodel.compile(optimizer=keras.optimizers.SGD(0.1),   # (1e-4 was only tuned to the raw scale)
               loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))

# %%
%%dlcheck
history = kmodel.fit(Xk, yk, batch_size=32, epochs=3, verbose=0)
