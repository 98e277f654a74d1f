# corpus: expect=training.process set=modern area=5
# (blind 2026-12-07) In the accumulation cell optimizer.zero_grad() is called at the top of every micro-batch, so only the last micro-batch's gradient survives to optimizer.step() and the "accumulated" batch is really 1/accum_steps of it. https://discuss.pytorch.org/t/why-do-we-need-to-set-the-gradients-manually-to-zero-in-pytorch/4903
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(2048, 16)
y = (X[:, :5].sum(1) > 0).long()
flip = torch.rand(2048) < 0.3
y[flip] = 1 - y[flip]                           # noisy labels: small batches hurt
micro_bs, accum_steps = 4, 16

# %%
model = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.2)

# %%
for epoch in range(3):
    for i in range(0, len(X), micro_bs):
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(X[i:i + micro_bs]), y[i:i + micro_bs]) / accum_steps
        loss.backward()
        if (i // micro_bs + 1) % accum_steps == 0:
            optimizer.step()
    with torch.no_grad():
        print(epoch, "full-data loss", nn.functional.cross_entropy(model(X), y).item())
