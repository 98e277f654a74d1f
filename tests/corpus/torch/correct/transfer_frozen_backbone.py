# corpus: correct
# %% [markdown]
# Fine-tuning only the head of a small "pretrained" network

# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
backbone = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU())
for p in backbone.parameters():
    p.requires_grad = False
head = nn.Linear(32, 3)
model = nn.Sequential(backbone, head)

X = torch.randn(300, 20)
y = torch.randint(0, 3, (300,))
optimizer = torch.optim.Adam(head.parameters(), lr=1e-2)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(3):
    model.train()
    for i in range(0, 300, 50):
        optimizer.zero_grad()
        loss = criterion(model(X[i:i+50]), y[i:i+50])
        loss.backward()
        optimizer.step()
    print(epoch, loss.item())
