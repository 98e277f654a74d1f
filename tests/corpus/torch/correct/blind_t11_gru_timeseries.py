# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(11)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

# %%
# sine wave + noise, predict the next value from a window of 20
t = np.arange(0, 600, 0.5)
series = np.sin(0.05 * t) + 0.1 * np.random.randn(len(t))
train_series, test_series = series[:1000], series[1000:]
mu, sigma = train_series.mean(), train_series.std()
train_n = (train_series - mu) / sigma
test_n = (test_series - mu) / sigma

def make_windows(s, w=20):
    X = np.stack([s[i:i + w] for i in range(len(s) - w)])
    y = s[w:]
    return (torch.tensor(X, dtype=torch.float32).unsqueeze(-1),
            torch.tensor(y, dtype=torch.float32).unsqueeze(-1))

X_train, y_train = make_windows(train_n)
X_test, y_test = make_windows(test_n)
print(X_train.shape, y_train.shape)

# %%
class GRUForecaster(nn.Module):
    def __init__(self, hidden=32, layers=2):
        super().__init__()
        self.gru = nn.GRU(input_size=1, hidden_size=hidden, num_layers=layers,
                          batch_first=True, dropout=0.1)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.gru(x)
        return self.head(out[:, -1, :])

net = GRUForecaster().to(device)
opt = torch.optim.RMSprop(net.parameters(), lr=1e-3)
loss_fn = nn.MSELoss()

# %%
for epoch in range(2):
    net.train()
    perm = torch.randperm(len(X_train))
    for i in range(0, len(perm), 64):
        idx = perm[i:i + 64]
        xb, yb = X_train[idx].to(device), y_train[idx].to(device)
        opt.zero_grad()
        loss = loss_fn(net(xb), yb)
        loss.backward()
        opt.step()
    net.eval()
    with torch.no_grad():
        test_loss = loss_fn(net(X_test.to(device)), y_test.to(device)).item()
    print(f"epoch {epoch}: train {loss.item():.4f} test {test_loss:.4f}")

# %%
with torch.no_grad():
    pred = net(X_test.to(device)).cpu().numpy().ravel() * sigma + mu
plt.figure(figsize=(8, 3))
plt.plot(test_series[20:], label="true")
plt.plot(pred, label="pred")
plt.legend()
