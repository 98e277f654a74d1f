# corpus: expect=training.optimizer
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(256, 10)
y = X[:, :2].sum(1, keepdim=True)

encoder = nn.Sequential(nn.Linear(10, 32), nn.ReLU())
head = nn.Linear(32, 1)

# %%
optimizer = torch.optim.Adam(encoder.parameters(), lr=1e-3)
loss_fn = nn.MSELoss()

# %%
for epoch in range(3):
    optimizer.zero_grad()
    pred = head(encoder(X))
    loss = loss_fn(pred, y)
    loss.backward()
    optimizer.step()
    print(epoch, loss.item())
