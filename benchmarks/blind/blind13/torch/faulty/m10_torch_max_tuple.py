# corpus: expect=api set=modern area=10
# (blind 2026-12-07) In the evaluation cell pred = torch.max(outputs, 1) keeps the (values, indices) named tuple, and comparing it with the labels gives a Python bool instead of a tensor, so (pred == labels).sum() raises AttributeError. https://geekdaxue.co/read/yuque-qsztn@va7nxh/xx8dek
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(200, 5)
labels = (X[:, 0] > 0).long()
model = nn.Linear(5, 2)

# %%
opt = torch.optim.SGD(model.parameters(), lr=0.5)
for _ in range(50):
    opt.zero_grad()
    nn.functional.cross_entropy(model(X), labels).backward()
    opt.step()

# %%
model.eval()
with torch.no_grad():
    outputs = model(X)
    pred = torch.max(outputs, 1)
    correct = (pred == labels).sum().item()
print("accuracy", correct / len(labels))
