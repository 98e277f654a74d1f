# corpus: expect=training.optimizer set=blind12
# (blind 2026-12-07) The randomly initialised (not pretrained) model is trained with an optimizer that only receives model.fc.parameters(), so the convolutional feature extractor is never updated (optimizer cell). https://github.com/pytorch/tutorials/pull/1455
# %%
import torch, torch.nn as nn
torch.manual_seed(20)
imgs = torch.randn(200, 1, 16, 16)
lbl = (imgs[:, :, :8, :].mean((1, 2, 3)) > imgs[:, :, 8:, :].mean((1, 2, 3))).long()
# %%
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(2))
        self.fc = nn.Linear(64, 2)
    def forward(self, x):
        return self.fc(self.backbone(x).flatten(1))
model = Net()
# %%
optimizer = torch.optim.Adam(model.fc.parameters(), lr=1e-2)
for epoch in range(30):
    optimizer.zero_grad()
    out = model(imgs); loss = nn.functional.cross_entropy(out, lbl)
    loss.backward(); optimizer.step()
print(loss.item(), (out.argmax(1) == lbl).float().mean().item())
