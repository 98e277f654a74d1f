# corpus: expect=training.optimizer
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(400, 8)
y = torch.randint(0, 2, (400,))

model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))
# smaller epsilon = more precise (?)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-30)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(3):
    optimizer.zero_grad()
    loss = criterion(model(X), y)
    loss.backward()
    optimizer.step()
    print(epoch, loss.item())
