# %%
import numpy as np
import torch
from sklearn.preprocessing import StandardScaler
from torch import nn

torch.manual_seed(0)
rng = np.random.RandomState(0)
# raw sensor readings: each column on its own scale
X = rng.rand(600, 6) * [100, 5000, 1, 30, 200, 10] + [50, 1000, 0, 20, 0, 5]
y = (X[:, 0] + X[:, 4] > 200).astype("int64")
X_train, X_test, y_train, y_test = X[:480], X[480:], y[:480], y[480:]
scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)

# %%
model = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
loss_fn = nn.CrossEntropyLoss()
xt = torch.tensor(X_train, dtype=torch.float32)
yt = torch.tensor(y_train)
for epoch in range(30):
    optimizer.zero_grad()
    loss = loss_fn(model(xt), yt)
    loss.backward()
    optimizer.step()

# %%
X_test = scaler.transform(X_test)   # the scaler fitted on the training data  dlfault-fix
model.eval()
with torch.no_grad():
    pred = model(torch.tensor(X_test, dtype=torch.float32)).argmax(1)
acc = (pred.numpy() == y_test).mean()

# %%
import keras

keras.utils.set_random_seed(0)
x_train = rng.randint(0, 256, (300, 64)).astype("float32")
x_test = rng.randint(0, 256, (100, 64)).astype("float32")
labels_train = rng.randint(0, 3, 300)
labels_test = rng.randint(0, 3, 100)
x_train = x_train / 255.0          # the test images are left in 0..255
net = keras.Sequential([keras.Input((64,)), keras.layers.Dense(16, activation="relu"),
                        keras.layers.Dense(3, activation="softmax")])
net.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
net.fit(x_train, labels_train, epochs=2, verbose=0)

# %%
x_test = x_test / 255.0   # the same expression as for the training data  dlfault-fix
score = net.evaluate(x_test, labels_test, verbose=0)
