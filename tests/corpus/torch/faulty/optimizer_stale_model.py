# corpus: expect=training.optimizer also=model.type
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(300, 5)
y = (X[:, 0] > 0).long()

def make_model(hidden=16):
    return nn.Sequential(nn.Linear(5, hidden), nn.ReLU(), nn.Linear(hidden, 2))

model = make_model()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
criterion = nn.CrossEntropyLoss()

# %% [markdown]
# Let's try a bigger hidden layer

# %%
model = make_model(hidden=64)

# %%
for epoch in range(3):
    optimizer.zero_grad()
    loss = criterion(model(X), y)
    loss.backward()
    optimizer.step()
    print(epoch, loss.item())
