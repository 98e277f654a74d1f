# corpus: expect=tensors.shape also=tensors.input,model.layers.properties
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
# small RGB images, 28x28
imgs = torch.rand(192, 3, 28, 28)
labels = torch.randint(0, 10, (192,))

# %%
model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)

# %%
for epoch in range(2):
    for i in range(0, 192, 64):
        xb = imgs[i:i + 64].view(-1, 784)
        yb = labels[i:i + 64]
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
    print(epoch, loss.item())
