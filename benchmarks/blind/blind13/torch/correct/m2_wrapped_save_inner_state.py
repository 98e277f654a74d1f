# corpus: correct set=modern area=2
# (blind 2026-12-07) Wrapped model handled correctly: optimizer built on the wrapper's parameters, zero_grad each step, logits into CrossEntropyLoss, eval() for validation, and the inner model's state_dict (model.module / _orig_mod) saved and loaded strictly. https://github.com/rasbt/LLMs-from-scratch/issues/580
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(600, 12)
y = (X[:, 0] - X[:, 3] > 0).long()

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(12, 32)
        self.drop = nn.Dropout(0.2)
        self.fc2 = nn.Linear(32, 2)
    def forward(self, x):
        return self.fc2(self.drop(torch.relu(self.fc1(x))))

# %%
base = Net()
model = torch.compile(nn.DataParallel(base), backend="eager")
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(30):
    model.train()
    opt.zero_grad()
    loss = nn.functional.cross_entropy(model(X), y)
    loss.backward()
    opt.step()
model.eval()
with torch.no_grad():
    print("train acc", (model(X).argmax(1) == y).float().mean().item())
torch.save(base.state_dict(), "/tmp/m2_inner_ckpt.pt")

# %%
infer_model = Net()
infer_model.load_state_dict(torch.load("/tmp/m2_inner_ckpt.pt"))
infer_model.eval()
with torch.no_grad():
    print("reloaded acc", (infer_model(X).argmax(1) == y).float().mean().item())
