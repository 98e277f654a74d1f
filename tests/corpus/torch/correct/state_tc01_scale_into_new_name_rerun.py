# corpus: correct set=state
# The scaling cell reads the raw arrays and writes the scaled ones under NEW names
# (X_train_s = X_train_raw / 255.), so re-running it (done here after looking at a sample)
# gives the same result. The evaluation cell is also re-run: it uses eval() and no_grad and
# does not change anything. Pattern recommended in answers to stackoverflow.com/questions/52398936
# and in github.com/coderefinery/jupyter/issues/6 ("one should not reuse variable names").
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
    images[labels == k, 2 * k:2 * k + 3, :] += 170
X_train_raw, X_test_raw = images[:480], images[480:]
y_train, y_test = labels[:480], labels[480:]

# %% scale
X_train_s = X_train_raw / 255.
X_test_s = X_test_raw / 255.
print(X_train_s.max(), X_test_s.max())

# %%
print("sample label", y_train[0], "row means", X_train_s[0].mean(1).round(2))

# %% scale
X_train_s = X_train_raw / 255.
X_test_s = X_test_raw / 255.
print(X_train_s.max(), X_test_s.max())

# %% model and training
model = nn.Sequential(nn.Flatten(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 3))
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
loss_fn = nn.CrossEntropyLoss()
Xt, yt = torch.tensor(X_train_s), torch.tensor(y_train)
Xv, yv = Xt[400:], yt[400:]
Xt, yt = Xt[:400], yt[:400]
for epoch in range(40):
    model.train()
    opt.zero_grad()
    loss = loss_fn(model(Xt), yt)
    loss.backward()
    opt.step()
model.eval()
with torch.no_grad():
    print("train loss", loss.item(), "val acc", (model(Xv).argmax(1) == yv).float().mean().item())

# %% test accuracy
model.eval()
with torch.no_grad():
    pred = model(torch.tensor(X_test_s)).argmax(1).numpy()
print("test accuracy", (pred == y_test).mean())

# %% test accuracy
model.eval()
with torch.no_grad():
    pred = model(torch.tensor(X_test_s)).argmax(1).numpy()
print("test accuracy", (pred == y_test).mean())
