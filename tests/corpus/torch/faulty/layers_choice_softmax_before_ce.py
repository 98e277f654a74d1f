# corpus: expect=model.layers.choice also=model.layers.activation,training.loss
# %%
import torch
from torch import nn

torch.manual_seed(0)
n_classes = 5
X = torch.randn(500, 16)
y = torch.randint(0, n_classes, (500,))
X[torch.arange(500), y] += 2.0  # make it learnable

# %%
model = nn.Sequential(
    nn.Linear(16, 64),
    nn.ReLU(),
    nn.Linear(64, n_classes),
    nn.Softmax(dim=1),
)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.003)

# %%
losses = []
for epoch in range(3):
    for start in range(0, 500, 50):
        xb = X[start:start + 50]
        yb = y[start:start + 50]
        out = model(xb)
        loss = criterion(out, yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    print(epoch, sum(losses[-10:]) / 10)
