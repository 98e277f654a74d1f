# corpus: correct
# %% [markdown]
# Shared encoder with a regression head; a frozen "pretrained" encoder probed linearly

# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(512, 12)
target = (X[:, :4] @ torch.tensor([1.0, -2.0, 0.5, 3.0])).unsqueeze(1) + 0.1 * torch.randn(512, 1)
X_train, t_train = X[:400], target[:400]
X_test, t_test = X[400:], target[400:]

encoder = nn.Sequential(nn.Linear(12, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU())
head = nn.Linear(32, 1)
params = list(encoder.parameters()) + list(head.parameters())
optimizer = torch.optim.Adam(params, lr=1e-3)
loss_fn = nn.MSELoss()

# %%
for epoch in range(5):
    perm = torch.randperm(len(X_train))
    for i in range(0, len(X_train), 32):
        idx = perm[i:i + 32]
        optimizer.zero_grad()
        pred = head(encoder(X_train[idx]))
        loss = loss_fn(pred, t_train[idx])
        loss.backward()
        optimizer.step()
    print(epoch, round(loss.item(), 4))

# %%
# linear probe on a frozen copy of the encoder
frozen = nn.Sequential(nn.Linear(12, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU())
frozen.load_state_dict(encoder.state_dict())
frozen.requires_grad_(False)
probe = nn.Linear(32, 1)
probe_opt = torch.optim.SGD(probe.parameters(), lr=1e-2)
for epoch in range(3):
    probe_opt.zero_grad()
    loss = loss_fn(probe(frozen(X_train)), t_train)
    loss.backward()
    probe_opt.step()

# %%
encoder.eval()
head.eval()
with torch.no_grad():
    mse = loss_fn(head(encoder(X_test)), t_test).item()
    probe_mse = loss_fn(probe(frozen(X_test)), t_test).item()
print(f"test MSE {mse:.3f}, probe MSE {probe_mse:.3f}")
