# corpus: expect=training.data_quality
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.rand(300, 4)          # values in [0, 1)
# label: "large" samples
y = (X.sum(dim=1) > 10).long()
print(y[:20])

# %%
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
criterion = nn.CrossEntropyLoss()
for epoch in range(3):
    optimizer.zero_grad()
    loss = criterion(model(X), y)
    loss.backward()
    optimizer.step()
    print(epoch, loss.item())
