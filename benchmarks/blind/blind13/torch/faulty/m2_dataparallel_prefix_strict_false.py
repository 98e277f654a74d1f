# corpus: expect=api also=training.process set=modern area=2
# (blind 2026-12-07) The checkpoint cell saves the nn.DataParallel wrapper's state_dict (keys prefixed 'module.') and the inference cell loads it into a plain model with strict=False, so no weight is loaded and the "trained" model predicts with random weights. https://stackoverflow.com/questions/61854165/why-must-use-dataparallel-when-testing
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
        self.fc2 = nn.Linear(32, 2)
    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))

# %%
model = nn.DataParallel(Net())
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(30):
    opt.zero_grad()
    loss = nn.functional.cross_entropy(model(X), y)
    loss.backward()
    opt.step()
print("train acc", (model(X).argmax(1) == y).float().mean().item())
torch.save(model.state_dict(), "/tmp/m2_dp_ckpt.pt")

# %%
infer_model = Net()
res = infer_model.load_state_dict(torch.load("/tmp/m2_dp_ckpt.pt"), strict=False)
print("missing:", len(res.missing_keys), "unexpected:", len(res.unexpected_keys))
infer_model.eval()
with torch.no_grad():
    print("reloaded acc", (infer_model(X).argmax(1) == y).float().mean().item())
