# corpus: expect=training.hyperparameters set=blind15
# (blind 2026-12-07) Adam is started with lr=5.0 (a value meant for a tiny SGD demo), so the very first updates blow the weights up; the loss jumps to huge values / dead ReLUs and the step scheduler never brings it back to a useful regime. https://www.codegenes.net/blog/loss-explodes-pytorch
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(2)
X = torch.randn(1200, 10)
true_w = torch.randn(10, 4)
y = (X @ true_w + 0.3 * torch.randn(1200, 4)).argmax(1)
X_tr, y_tr, X_va, y_va = X[:1000], y[:1000], X[1000:], y[1000:]

# %%
class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(10, 64)
        self.fc2 = nn.Linear(64, 64)
        self.out = nn.Linear(64, 4)

    def forward(self, x):
        return self.out(F.relu(self.fc2(F.relu(self.fc1(x)))))

clf = Classifier()
LR = 5.0
optimizer = torch.optim.Adam(clf.parameters(), lr=LR)
sched = torch.optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.5)

# %%
for epoch in range(15):
    clf.train()
    perm = torch.randperm(len(X_tr))
    for batch_idx in perm.split(50):
        optimizer.zero_grad()
        loss = F.cross_entropy(clf(X_tr[batch_idx]), y_tr[batch_idx])
        loss.backward()
        optimizer.step()
    sched.step()
    clf.eval()
    with torch.no_grad():
        va_acc = (clf(X_va).argmax(1) == y_va).float().mean().item()
    print(f"epoch {epoch:2d} loss {loss.item():12.3f} val acc {va_acc:.3f}")
