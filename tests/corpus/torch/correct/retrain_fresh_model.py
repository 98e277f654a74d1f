# corpus: correct
# %% [markdown]
# Pick the hidden size on a validation split, then retrain a fresh model and test once

# %%
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
X = torch.randn(600, 10)
y = (X[:, :3].sum(1) > 0).long()
X_train, y_train = X[:400], y[:400]
X_val, y_val = X[400:500], y[400:500]
X_test, y_test = X[500:], y[500:]


class Net(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.fc1 = nn.Linear(10, hidden)
        self.fc2 = nn.Linear(hidden, 2)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))


def fit(net, X_fit, y_fit, epochs=5):
    opt = torch.optim.Adam(net.parameters(), lr=1e-2)
    net.train()
    for _ in range(epochs):
        for i in range(0, len(X_fit), 50):
            opt.zero_grad()
            loss = F.cross_entropy(net(X_fit[i:i + 50]), y_fit[i:i + 50])
            loss.backward()
            opt.step()
    return net


def accuracy(net, X_eval, y_eval):
    net.eval()
    with torch.no_grad():
        return (net(X_eval).argmax(1) == y_eval).float().mean().item()

# %%
scores = {}
for hidden in (8, 32):
    model = fit(Net(hidden), X_train, y_train)
    scores[hidden] = accuracy(model, X_val, y_val)
best = max(scores, key=scores.get)
print(scores, "best", best)

# %%
# a fresh model with the chosen size, trained on train + validation
model = Net(best)
X_trval = torch.cat([X_train, X_val])
y_trval = torch.cat([y_train, y_val])
fit(model, X_trval, y_trval)
print("test accuracy", accuracy(model, X_test, y_test))

# %%
# save and restore: a new instance gets the trained weights before use
state = {k: v.clone() for k, v in model.state_dict().items()}
model = Net(best)
model.load_state_dict(state)
model.eval()
with torch.no_grad():
    print("restored accuracy", (model(X_test).argmax(1) == y_test).float().mean().item())
