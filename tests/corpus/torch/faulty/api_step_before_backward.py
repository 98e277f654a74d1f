# corpus: expect=api also=training.process
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(256, 6)
y = X.sum(1, keepdim=True)
model = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
criterion = nn.MSELoss()

# %%
for epoch in range(3):
    for i in range(0, 256, 32):
        optimizer.zero_grad()
        pred = model(X[i:i + 32])
        loss = criterion(pred, y[i:i + 32])
        optimizer.step()
        loss.backward()
    print(epoch, loss.item())
