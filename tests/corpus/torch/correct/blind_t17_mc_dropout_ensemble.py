# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(17)

# %%
# 1-d regression with heteroscedastic noise
x = torch.linspace(-3, 3, 400).unsqueeze(1)
y = torch.sin(x) + 0.1 * (1 + x.abs()) * torch.randn_like(x)
idx = torch.randperm(400)
train_idx, test_idx = idx[:320], idx[320:]
x_train, y_train = x[train_idx], y[train_idx]
x_test, y_test = x[test_idx], y[test_idx]

def make_model(p=0.1):
    return nn.Sequential(nn.Linear(1, 64), nn.Tanh(), nn.Dropout(p),
                         nn.Linear(64, 64), nn.Tanh(), nn.Dropout(p),
                         nn.Linear(64, 1))

def fit(model, epochs=3, lr=1e-2):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.MSELoss()
    model.train()
    for _ in range(epochs):
        perm = torch.randperm(len(x_train))
        for i in range(0, len(perm), 32):
            b = perm[i:i + 32]
            opt.zero_grad()
            loss = loss_fn(model(x_train[b]), y_train[b])
            loss.backward()
            opt.step()
    return model

# %%
# deep ensemble of 3 independently initialised models
ensemble = [fit(make_model()) for _ in range(3)]
for m in ensemble:
    m.eval()
with torch.no_grad():
    preds = torch.stack([m(x_test) for m in ensemble])
mean, std = preds.mean(0), preds.std(0)
print("ensemble test MSE", nn.functional.mse_loss(mean, y_test).item(), "mean std", std.mean().item())

# %%
# Monte-Carlo dropout: eval mode for everything except the dropout layers
mc_model = fit(make_model(0.2))
mc_model.eval()
for module in mc_model.modules():
    if isinstance(module, nn.Dropout):
        module.train()
with torch.no_grad():
    samples = torch.stack([mc_model(x_test) for _ in range(20)])
print("MC dropout predictive std", samples.std(0).mean().item())
mc_model.eval()
