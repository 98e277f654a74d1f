# %%
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
feats = torch.randn(240, 10)
is_spam = (feats[:, 0] - feats[:, 3] > 0).float().unsqueeze(1)
score = feats[:, 1:2] * 2.0
loader = DataLoader(TensorDataset(feats, is_spam, score), batch_size=48, shuffle=True)
clf = nn.Sequential(nn.Linear(10, 8), nn.Tanh(), nn.Linear(8, 1), nn.Sigmoid())
reg = nn.Sequential(nn.Linear(10, 8), nn.Tanh(), nn.Linear(8, 1))
teacher = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 3))
student = nn.Sequential(nn.Linear(10, 4), nn.ReLU(), nn.Linear(4, 3))
bce = nn.BCELoss()
mse = nn.MSELoss()
kl = nn.KLDivLoss(reduction="batchmean")
params = [*clf.parameters(), *reg.parameters(), *student.parameters()]
sgd = torch.optim.SGD(params, lr=0.1)

# %%
for epoch in range(2):
    for xb, yb, sb in loader:
        probs = clf(xb)
        loss = bce(probs, yb)
        loss = loss + mse(sb, reg(xb))          # a distance: the order does not matter
        with torch.no_grad():
            soft = F.softmax(teacher(xb), dim=1)
        loss = loss + kl(F.log_softmax(student(xb), dim=1), soft)
        loss = loss + F.kl_div(F.log_softmax(student(xb), dim=1), F.softmax(teacher(xb), dim=1),
                               reduction="batchmean")
        sgd.zero_grad()
        loss.backward()
        sgd.step()
