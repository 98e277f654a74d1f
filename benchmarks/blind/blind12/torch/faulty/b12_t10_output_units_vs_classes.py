# corpus: expect=model.layers.properties set=blind12
# (blind 2026-12-07) The final nn.Linear has 4 outputs while the labels encode 5 weather classes (0..4), so CrossEntropyLoss raises "IndexError: Target 4 is out of bounds" (model cell). https://github.com/aws/studio-lab-examples/issues/236
# %%
import torch, torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
torch.manual_seed(10)
classes = ["cloudy", "rain", "shine", "sunrise", "snow"]
imgs = torch.rand(100, 3, 24, 24)
labels = torch.randint(0, len(classes), (100,))
loader = DataLoader(TensorDataset(imgs, labels), batch_size=20, shuffle=True)
# %%
class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1))
        self.classifier = nn.Linear(16, 4)
    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))
model = SmallCNN()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
# %%
for epoch in range(2):
    for data, target in loader:
        optimizer.zero_grad()
        output = model(data)
        loss = criterion(output, target)
        loss.backward(); optimizer.step()
    print(epoch, loss.item())
