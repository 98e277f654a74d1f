# %%
import torch
from torch import nn

torch.manual_seed(0)
inputs = torch.randn(512, 12)
labels = (inputs[:, :3].sum(1) > 0).long()
net = nn.Sequential(nn.Linear(12, 24), nn.Tanh(), nn.Linear(24, 2))
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(3):
    for i in range(0, 512, 32):
        opt = torch.optim.AdamW(net.parameters(), lr=3e-3)  # expect: DLF-T019
        opt.zero_grad()
        loss = criterion(net(inputs[i:i + 32]), labels[i:i + 32])
        loss.backward()
        opt.step()
