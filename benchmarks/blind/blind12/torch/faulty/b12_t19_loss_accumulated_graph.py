# corpus: expect=training.process set=blind12
# (blind 2026-12-07) The epoch loop does `total_loss += loss` on the tensor (not loss.item()), keeping every iteration's autograd graph alive and growing memory until OOM on long runs (training cell). https://github.com/google/brax/pull/152
# %%
import torch, torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
torch.manual_seed(19)
ds = TensorDataset(torch.randn(2048, 32), torch.randint(0, 5, (2048,)))
dl = DataLoader(ds, batch_size=64, shuffle=True)
model = nn.Sequential(nn.Linear(32, 128), nn.ReLU(), nn.Linear(128, 5))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()
# %%
history = []
for epoch in range(3):
    total_loss = 0
    for inp, target in dl:
        optimizer.zero_grad()
        output = model(inp)
        loss = criterion(output, target)
        loss.backward()
        optimizer.step()
        total_loss += loss
    history.append(total_loss / len(dl))
print(history[-1], history[-1].requires_grad)
