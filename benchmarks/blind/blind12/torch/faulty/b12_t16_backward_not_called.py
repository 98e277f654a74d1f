# corpus: expect=api also=training.process set=blind12
# (blind 2026-12-07) The loop writes `loss.backward` without parentheses, so backward is never called, .grad stays None and optimizer.step() does nothing (training cell). https://github.com/darksigma/Fundamentals-of-Deep-Learning-Book/issues/9
# %%
import torch
import torch.nn as nn
torch.manual_seed(16)
x = torch.linspace(-2, 2, 200).unsqueeze(1)
y = 3 * x - 1 + 0.1 * torch.randn_like(x)
# %%
class LinReg(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(1, 1)
    def forward(self, x):
        return self.linear(x)
model = LinReg()
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
# %%
for epoch in range(100):
    optimizer.zero_grad()
    loss = criterion(model(x), y)
    loss.backward
    optimizer.step()
    if epoch % 25 == 0:
        print(epoch, loss.item())
print(model.linear.weight.item(), model.linear.bias.item())
