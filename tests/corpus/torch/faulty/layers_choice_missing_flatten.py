# corpus: expect=model.layers.choice also=model.layers.properties,tensors.shape
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
images = torch.rand(256, 1, 28, 28)
labels = torch.randint(0, 10, (256,))
print(images.shape, images.min().item(), images.max().item())

# %%
cnn = nn.Sequential(
    nn.Conv2d(1, 8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(8, 16, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Linear(16 * 7 * 7, 10),
)
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(cnn.parameters(), lr=0.01, momentum=0.9)

# %%
for epoch in range(2):
    for i in range(0, 256, 32):
        optimizer.zero_grad()
        out = cnn(images[i:i + 32])
        loss = loss_fn(out, labels[i:i + 32])
        loss.backward()
        optimizer.step()
    print("epoch", epoch, loss.item())
