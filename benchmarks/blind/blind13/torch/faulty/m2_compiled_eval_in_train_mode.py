# corpus: expect=training.validation also=training.process set=modern area=2
# (blind 2026-12-07) Classic fault behind torch.compile: the validation cell runs the compiled model under torch.no_grad() but never calls model.eval(), so Dropout and BatchNorm stay in training mode during evaluation (and BN running stats are updated with validation data). https://discuss.pytorch.org/t/model-eval-vs-with-torch-no-grad/19615
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(1000, 16)
y = (X[:, :2].sum(1) > 0).long()
Xtr, ytr, Xva, yva = X[:800], y[:800], X[800:], y[800:]

# %%
net = nn.Sequential(nn.Linear(16, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 2))
model = torch.compile(net, backend="eager")
opt = torch.optim.Adam(model.parameters(), lr=1e-3)

# %%
for epoch in range(5):
    model.train()
    for i in range(0, 800, 32):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(Xtr[i:i + 32]), ytr[i:i + 32])
        loss.backward()
        opt.step()
    with torch.no_grad():
        val_logits = model(Xva)
        val_acc = (val_logits.argmax(1) == yva).float().mean().item()
    print(f"epoch {epoch} train loss {loss.item():.3f} val acc {val_acc:.3f}")
