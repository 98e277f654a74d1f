# corpus: expect=model.layers.choice set=blind14
# (blind 2026-12-07) The nn.Sequential CNN goes from the last MaxPool2d straight into nn.Linear(16*7*7, 10) without nn.Flatten, so the Linear layer receives a 4-D (N,16,7,7) tensor and the first forward raises "mat1 and mat2 shapes cannot be multiplied". https://androidkt.com/fix-runtimeerror-mat1-and-mat2-shapes-cannot-be-multiplied/
# %%
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# %%
images = torch.randint(0, 256, (512, 1, 28, 28), dtype=torch.uint8)
labels = torch.randint(0, 10, (512,))
ds = TensorDataset(images.float() / 255.0, labels)
loader = DataLoader(ds, batch_size=64, shuffle=True)

# %%
model = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Linear(16 * 7 * 7, 10),
).to(device)
print(model(torch.zeros(2, 1, 28, 28, device=device)).shape)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(2):
    for xb, yb in loader:
        xb, yb = xb.to(device), yb.to(device)
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    print(epoch, loss.item())
