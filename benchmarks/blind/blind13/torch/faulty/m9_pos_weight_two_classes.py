# corpus: expect=training.loss also=tensors.shape set=modern area=9
# (blind 2026-12-07) In the loss cell BCEWithLogitsLoss gets pos_weight=torch.tensor([w_neg, w_pos]) (one weight per class, CrossEntropy style) for a single-logit binary output of shape (N,1); pos_weight must have one entry per output column (here 1: n_neg/n_pos), and the loss raises a broadcast RuntimeError. https://docs.pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(2000, 6)
y = ((X[:, 0] + 0.5 * torch.randn(2000)) > 1.6).float().unsqueeze(1)     # ~6% positives
n_pos = y.sum(); n_neg = len(y) - n_pos

# %%
pos_weight = torch.tensor([len(y) / (2 * n_neg), len(y) / (2 * n_pos)])
criterion = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
model = nn.Linear(6, 1)
opt = torch.optim.Adam(model.parameters(), lr=5e-2)

# %%
for epoch in range(200):
    opt.zero_grad()
    logits = model(X)
    per_elem = nn.functional.binary_cross_entropy_with_logits(logits, y, pos_weight=pos_weight, reduction="none")
    loss = criterion(logits, y)
    loss.backward()
    opt.step()
print("elementwise loss shape:", tuple(per_elem.shape), "logits shape:", tuple(logits.shape))
pred = (logits > 0).float()
print("recall", ((pred == 1) & (y == 1)).sum().item() / n_pos.item())
