# corpus: expect=tensors.shape also=training.loss set=modern area=10
# (blind 2026-12-07) In the forward cell F.log_softmax(logits, dim=0) normalises over the batch dimension instead of the class dimension, and the result is fed to F.nll_loss; nothing crashes but the "probabilities" of one sample depend on the rest of the batch. https://stackoverflow.com/questions/49036993/pytorch-softmax-what-dimension-to-use
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
X = torch.randn(1024, 10)
y = X[:, :4].argmax(1)

# %%
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(10, 64), nn.Linear(64, 4)
    def forward(self, x):
        return F.log_softmax(self.fc2(F.relu(self.fc1(x))), dim=0)

model = Net()
opt = torch.optim.Adam(model.parameters(), lr=1e-2)

# %%
for epoch in range(5):
    for i in range(0, 1024, 64):
        opt.zero_grad()
        loss = F.nll_loss(model(X[i:i + 64]), y[i:i + 64])
        loss.backward()
        opt.step()
with torch.no_grad():
    p = model(X[:8]).exp()
print("row sums (should be 1):", p.sum(1))
print("acc", (model(X).argmax(1) == y).float().mean().item())
