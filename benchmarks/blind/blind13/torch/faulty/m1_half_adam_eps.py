# corpus: expect=training.optimizer also=training.process set=modern area=1
# (blind 2026-12-07) In the model cell the whole network is cast with model.half() and trained with Adam's default eps=1e-8, which underflows to 0 in float16, so the update divides by ~0 and the weights/loss become inf/NaN. https://discuss.pytorch.org/t/adam-half-precision-nans/1765
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(512, 16)
y = (X[:, :4].sum(1) > 0).long()

# %%
model = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 2)).half()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()
print("eps in fp16:", torch.tensor(1e-8, dtype=torch.float16).item())

# %%
for epoch in range(6):
    for i in range(0, 512, 64):
        xb = X[i:i + 64].half()
        yb = y[i:i + 64]
        optimizer.zero_grad()
        loss = criterion(model(xb).float(), yb)
        loss.backward()
        optimizer.step()
    w = model[0].weight
    print(epoch, "loss", loss.item(), "nan weights:", torch.isnan(w).any().item() or torch.isinf(w).any().item())
