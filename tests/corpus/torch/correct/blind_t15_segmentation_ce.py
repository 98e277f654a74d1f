# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(15)
NUM_CLASSES = 3

# %%
# toy segmentation: images with a bright square (class 1) and a dark square (class 2)
def make_batch(n, size=32):
    imgs = torch.rand(n, 1, size, size) * 0.2 + 0.4
    masks = torch.zeros(n, size, size, dtype=torch.long)
    for i in range(n):
        r, c = torch.randint(0, size - 8, (2,)).tolist()
        imgs[i, 0, r:r + 8, c:c + 8] = 0.95
        masks[i, r:r + 8, c:c + 8] = 1
        r, c = torch.randint(0, size - 6, (2,)).tolist()
        imgs[i, 0, r:r + 6, c:c + 6] = 0.05
        masks[i, r:r + 6, c:c + 6] = 2
    return imgs, masks

train_x, train_y = make_batch(96)
val_x, val_y = make_batch(16)
print(train_x.shape, train_y.shape, train_y.unique())

# %%
def conv_block(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))

class TinyUNet(nn.Module):
    def __init__(self, n_classes):
        super().__init__()
        self.enc1 = conv_block(1, 16)
        self.enc2 = conv_block(16, 32)
        self.up = nn.ConvTranspose2d(32, 16, 2, stride=2)
        self.dec1 = conv_block(32, 16)
        self.out = nn.Conv2d(16, n_classes, 1)

    def forward(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(F.max_pool2d(e1, 2))
        d1 = self.dec1(torch.cat([self.up(e2), e1], dim=1))
        return self.out(d1)   # (N, C, H, W) logits

model = TinyUNet(NUM_CLASSES)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

def dice_per_class(pred, target, n_classes, eps=1e-6):
    scores = []
    for c in range(n_classes):
        p, t = pred == c, target == c
        inter = (p & t).sum().float()
        scores.append(((2 * inter + eps) / (p.sum() + t.sum() + eps)).item())
    return scores

# %%
for epoch in range(2):
    model.train()
    perm = torch.randperm(len(train_x))
    for i in range(0, len(perm), 16):
        idx = perm[i:i + 16]
        optimizer.zero_grad()
        logits = model(train_x[idx])
        loss = criterion(logits, train_y[idx])
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        pred = model(val_x).argmax(dim=1)
    print(epoch, f"loss {loss.item():.3f}", "dice", [round(d, 2) for d in dice_per_class(pred, val_y, NUM_CLASSES)])
