# corpus: correct set=blind12
# (blind 2026-12-07) NHWC uint8 images are scaled to [0,1] and permuted to NCHW with .permute(0,3,1,2) before Conv2d; the head uses log_softmax with nn.NLLLoss — a valid alternative to CrossEntropyLoss; DataParallel wrapper on CPU is harmless.
# %%
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
rng = np.random.default_rng(107); torch.manual_seed(107)
labels = rng.integers(0, 3, 300)
imgs = rng.integers(0, 100, (300, 16, 16, 3)).astype(np.uint8)
for k in range(3):
    imgs[labels == k, :, :, k] += 120
x = torch.from_numpy(imgs).float().div(255.0).permute(0, 3, 1, 2).contiguous()
y = torch.from_numpy(labels).long()
class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1); self.fc = nn.Linear(8, 3)
    def forward(self, x):
        h = F.adaptive_avg_pool2d(F.relu(self.conv(x)), 1).flatten(1)
        return F.log_softmax(self.fc(h), dim=1)
model = nn.DataParallel(CNN())
opt = torch.optim.Adam(model.parameters(), 1e-2); crit = nn.NLLLoss()
# %%
for ep in range(40):
    opt.zero_grad(); out = model(x); loss = crit(out, y); loss.backward(); opt.step()
print(loss.item(), (out.argmax(1) == y).float().mean().item())
