# corpus: expect=training.process set=modern area=2
# (blind 2026-12-07) Classic fault behind torch.compile: the training cell of the compiled model never calls optimizer.zero_grad(), so gradients accumulate across all steps and the effective step grows every iteration. https://discuss.pytorch.org/t/why-do-we-need-to-set-the-gradients-manually-to-zero-in-pytorch/4903
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(400, 8)
y = X @ torch.randn(8, 1) + 0.1 * torch.randn(400, 1)

# %%
net = nn.Sequential(nn.Linear(8, 32), nn.Tanh(), nn.Linear(32, 1))
model = torch.compile(net, backend="eager")
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
loss_fn = nn.MSELoss()

# %%
for epoch in range(8):
    for i in range(0, 400, 40):
        pred = model(X[i:i + 40])
        loss = loss_fn(pred, y[i:i + 40])
        loss.backward()
        optimizer.step()
    print(epoch, round(loss.item(), 4))
