# corpus: expect=training.preprocessing set=state
# The user scales image pixels in place (X_train = X_train / 255.) and, after editing the
# plotting cell, re-runs the scaling cell. The pixels are now in [0, 1/255]: the network
# trains on almost-constant inputs while the test images were scaled only once.
# Sources: stackoverflow.com/questions/52398936 (in-place trainX /= 255 in a notebook); fast.ai forum "Lesson 3 / Book Chapter 4: Dividing by 255"; Pimentel et al.,
# "A Large-scale Study about Quality and Reproducibility of Jupyter Notebooks" (MSR 2019).
# %%
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
rng = np.random.default_rng(0)
N = 600
labels = rng.integers(0, 3, size=N)
images = rng.integers(0, 80, size=(N, 8, 8)).astype("float32")
for k in range(3):
    images[labels == k, 2 * k:2 * k + 3, :] += 170  # class-dependent bright band
X_train, X_test = images[:480], images[480:]
y_train, y_test = labels[:480], labels[480:]

# %% scale the test pixels
X_test = X_test / 255.

# %% scale the training pixels
X_train = X_train / 255.
print(X_train.max(), X_test.max())

# %%
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
plt.imshow(X_train[0], cmap="gray")
plt.title(f"label {y_train[0]}")

# %% scale the training pixels (re-run after fixing the plot)
X_train = X_train / 255.
print(X_train.max(), X_test.max())

# %%
model = nn.Sequential(nn.Flatten(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 3))
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
loss_fn = nn.CrossEntropyLoss()
Xt = torch.tensor(X_train, dtype=torch.float32)
yt = torch.tensor(y_train)
for epoch in range(30):
    model.train()
    opt.zero_grad()
    loss = loss_fn(model(Xt), yt)
    loss.backward()
    opt.step()
print("train loss", loss.item())

# %%
model.eval()
with torch.no_grad():
    pred = model(torch.tensor(X_test, dtype=torch.float32)).argmax(1).numpy()
print("test accuracy", (pred == y_test).mean())
