# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %% [markdown]
# Knowledge distillation: a small student learns from a trained teacher (soft + hard loss)

# %%
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(29)

# %%
X = torch.randn(800, 16)
y = (X[:, 0] * 2 + X[:, 1] - X[:, 2] > 0).long() + (X[:, 3] > 0.8).long()
train_loader = DataLoader(TensorDataset(X[:640], y[:640]), batch_size=32, shuffle=True)
X_test, y_test = X[640:], y[640:]

teacher = nn.Sequential(nn.Linear(16, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 3))
student = nn.Sequential(nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 3))

def accuracy(model):
    model.eval()
    with torch.no_grad():
        return (model(X_test).argmax(1) == y_test).float().mean().item()

# %%
opt_t = torch.optim.Adam(teacher.parameters(), lr=1e-3)
ce = nn.CrossEntropyLoss()
for epoch in range(4):
    teacher.train()
    for xb, yb in train_loader:
        opt_t.zero_grad()
        loss = ce(teacher(xb), yb)
        loss.backward()
        opt_t.step()
print("teacher acc", accuracy(teacher))

# %%
T, alpha = 4.0, 0.7
opt_s = torch.optim.Adam(student.parameters(), lr=3e-3)
kl = nn.KLDivLoss(reduction="batchmean")
teacher.eval()

# %%
%%dlcheck
for epoch in range(4):
    student.train()
    for xb, yb in train_loader:
        with torch.no_grad():
            teacher_logits = teacher(xb)
        student_logits = student(xb)
        soft_loss = kl(F.log_softmax(student_logits / T, dim=1), F.softmax(teacher_logits / T, dim=1)) * T * T
        hard_loss = ce(student_logits, yb)
        loss = alpha * soft_loss + (1 - alpha) * hard_loss
        opt_s.zero_grad()
        loss.backward()
        opt_s.step()
    print(epoch, round(loss.item(), 4), "student acc", accuracy(student))
