# corpus: expect=training.process also=api set=modern area=5
# (blind 2026-12-07) In the training cell clip_grad_norm_ is called after optimizer.step(), so the update has already used the unclipped (exploding) gradients and the clipping has no effect. https://stackoverflow.com/questions/54716377/how-to-do-gradient-clipping-in-pytorch
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
T, B = 60, 32
x = torch.randn(B * 8, T, 4)
y = x[:, :, 0].cumsum(1)[:, -1:] * 3.0           # large-magnitude target -> exploding grads in the RNN

# %%
model = nn.RNN(4, 64, batch_first=True, nonlinearity="relu")
head = nn.Linear(64, 1)
params = list(model.parameters()) + list(head.parameters())
opt = torch.optim.SGD(params, lr=0.01)

# %%
for epoch in range(4):
    for i in range(0, len(x), B):
        opt.zero_grad()
        out, _ = model(x[i:i + B])
        loss = nn.functional.mse_loss(head(out[:, -1]), y[i:i + B])
        loss.backward()
        opt.step()
        norm = torch.nn.utils.clip_grad_norm_(params, max_norm=1.0)
    print(epoch, "loss", loss.item(), "grad norm before clip", round(norm.item(), 2))
