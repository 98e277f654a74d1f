# corpus: correct set=modern area=9
# (blind 2026-12-07) Class weights built by class index with torch.bincount, ignore_index equal to the padding id, BCEWithLogitsLoss with a scalar n_neg/n_pos pos_weight. https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
y = torch.multinomial(torch.tensor([0.15, 0.80, 0.05]), 3000, replacement=True)
X = torch.randn(3000, 8) + y[:, None] * 0.6
counts = torch.bincount(y, minlength=3).float()
weights = len(y) / (3 * counts)
ce = nn.CrossEntropyLoss(weight=weights)

# %%
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 3))
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(100):
    opt.zero_grad(); ce(model(X), y).backward(); opt.step()
pred = model(X).argmax(1)
print("per-class recall:", [round(((pred == c) & (y == c)).sum().item() / (y == c).sum().item(), 3) for c in range(3)])

# %%
PAD = 0
tags = torch.tensor([[3, 2, 1, PAD, PAD], [1, 1, 4, 2, PAD]])
logits = torch.randn(2, 5, 6, requires_grad=True)
seq_loss = nn.CrossEntropyLoss(ignore_index=PAD)(logits.permute(0, 2, 1), tags)
seq_loss.backward()
print("seq loss", seq_loss.item(), "grad on PAD positions:", logits.grad[0, 3].abs().sum().item())

# %%
yb = (torch.rand(500, 1) < 0.06).float()
pos_weight = (len(yb) - yb.sum()) / yb.sum()
bce = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
print("bce", bce(torch.randn(500, 1), yb).item())
