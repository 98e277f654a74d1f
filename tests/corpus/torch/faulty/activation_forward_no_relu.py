# corpus: expect=model.layers.activation also=model.type
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(512, 4)
y = (X[:, 0] * X[:, 1] > 0).long()   # XOR-like

# %%
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 50)
        self.fc2 = nn.Linear(50, 50)
        self.fc3 = nn.Linear(50, 2)

    def forward(self, x):
        x = self.fc1(x)
        x = self.fc2(x)
        x = self.fc3(x)
        return x

mlp = MLP()
optimizer = torch.optim.SGD(mlp.parameters(), lr=0.1)
loss_function = nn.CrossEntropyLoss()

# %%
for epoch in range(3):
    optimizer.zero_grad()
    loss = loss_function(mlp(X), y)
    loss.backward()
    optimizer.step()
    print("Epoch", epoch, "Loss:", loss.item())
