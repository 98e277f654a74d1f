# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import time
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(5)
device = "cuda" if torch.cuda.is_available() else "cpu"
print(f"Using {device} device")

# %%
class FakeCIFAR(Dataset):
    classes = ("plane", "car", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")

    def __init__(self, n, train=True):
        g = torch.Generator().manual_seed(0 if train else 1)
        self.images = torch.randint(0, 256, (n, 32, 32, 3), dtype=torch.uint8, generator=g)
        self.targets = torch.randint(0, 10, (n,), generator=g)
        self.train = train
        self.mean = torch.tensor([0.4914, 0.4822, 0.4465]).view(3, 1, 1)
        self.std = torch.tensor([0.2470, 0.2435, 0.2616]).view(3, 1, 1)

    def __len__(self):
        return len(self.targets)

    def __getitem__(self, i):
        img = self.images[i].permute(2, 0, 1).float() / 255.0   # HWC uint8 -> CHW float
        if self.train and torch.rand(1).item() < 0.5:
            img = torch.flip(img, dims=[2])                      # random horizontal flip
        img = (img - self.mean) / self.std
        return img, self.targets[i]

trainloader = DataLoader(FakeCIFAR(320), batch_size=32, shuffle=True)
testloader = DataLoader(FakeCIFAR(96, train=False), batch_size=32, shuffle=False)

# %%
class BasicBlock(nn.Module):
    def __init__(self, in_planes, planes, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.shortcut = nn.Sequential()
        if stride != 1 or in_planes != planes:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_planes, planes, 1, stride=stride, bias=False),
                nn.BatchNorm2d(planes))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out += self.shortcut(x)
        return F.relu(out)


class SmallResNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        self.layer1 = BasicBlock(16, 16)
        self.layer2 = BasicBlock(16, 32, stride=2)
        self.linear = nn.Linear(32, num_classes)

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.layer2(self.layer1(out))
        out = F.adaptive_avg_pool2d(out, 1).flatten(1)
        return self.linear(out)

net = SmallResNet().to(device)
criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
optimizer = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4, nesterov=True)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=2)

# %%
for epoch in range(2):
    start = time.time()
    net.train()
    train_loss, correct, total = 0, 0, 0
    for inputs, targets in trainloader:
        inputs, targets = inputs.to(device), targets.to(device)
        optimizer.zero_grad()
        outputs = net(inputs)
        loss = criterion(outputs, targets)
        loss.backward()
        optimizer.step()
        train_loss += loss.item()
        _, predicted = outputs.max(1)
        total += targets.size(0)
        correct += predicted.eq(targets).sum().item()
    scheduler.step()
    print(f"epoch {epoch} loss {train_loss/len(trainloader):.3f} acc {100.*correct/total:.1f}% ({time.time()-start:.1f}s)")

# %%
net.eval()
class_correct = [0] * 10
class_total = [0] * 10
with torch.no_grad():
    for images, labels in testloader:
        images, labels = images.to(device), labels.to(device)
        predicted = net(images).argmax(1)
        for lbl, pr in zip(labels.tolist(), predicted.tolist()):
            class_total[lbl] += 1
            class_correct[lbl] += int(lbl == pr)
for i, name in enumerate(FakeCIFAR.classes):
    if class_total[i]:
        print(f"{name:6s}: {100 * class_correct[i] / class_total[i]:.0f}%")
