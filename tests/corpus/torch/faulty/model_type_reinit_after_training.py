# corpus: expect=model.type
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(1)
X_train = torch.randn(384, 20)
w = torch.randn(20, 4)
y_train = (X_train @ w).argmax(1)
X_test = torch.randn(128, 20)
y_test = (X_test @ w).argmax(1)

# %%
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(20, 64)
        self.fc2 = nn.Linear(64, 4)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))

model = Net()
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(3):
    perm = torch.randperm(len(X_train))
    for i in range(0, len(X_train), 64):
        idx = perm[i:i + 64]
        opt.zero_grad()
        loss = criterion(model(X_train[idx]), y_train[idx])
        loss.backward()
        opt.step()
    print("epoch", epoch, "loss", round(loss.item(), 4))

# %% [markdown]
# Now let's evaluate on the test set

# %%
model = Net()
model.eval()
with torch.no_grad():
    pred = model(X_test).argmax(dim=1)
print("test accuracy:", (pred == y_test).float().mean().item())
