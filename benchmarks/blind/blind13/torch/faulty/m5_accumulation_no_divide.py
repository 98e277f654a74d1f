# corpus: expect=training.loss also=training.hyperparameters set=modern area=5
# (blind 2026-12-07) In the gradient-accumulation cell the mean loss of each of the 8 micro-batches is back-propagated without dividing by accum_steps, so the accumulated gradient is 8x the large-batch gradient and the tuned learning rate is effectively 8x too high. https://github.com/karpathy/nanoGPT/issues/206
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(4096, 16)
y = X @ torch.randn(16, 1)
micro_bs, accum_steps = 16, 8          # effective batch 128, lr tuned for batch 128

# %%
model = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)

# %%
step = 0
for epoch in range(3):
    optimizer.zero_grad()
    for i in range(0, len(X), micro_bs):
        loss = nn.functional.mse_loss(model(X[i:i + micro_bs]), y[i:i + micro_bs])
        loss.backward()
        if (i // micro_bs + 1) % accum_steps == 0:
            optimizer.step()
            optimizer.zero_grad()
            step += 1
    print(epoch, "loss", loss.item())
