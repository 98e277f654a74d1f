# corpus: correct
# %% [markdown]
# Sequence classification: does the sequence trend up or down?

# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
n, T = 256, 20
slopes = torch.randn(n)
t = torch.linspace(0, 1, T)
seqs = (slopes[:, None] * t[None, :] + 0.1 * torch.randn(n, T)).unsqueeze(-1)  # (N, T, 1)
labels = (slopes > 0).long()

# %%
class SeqClassifier(nn.Module):
    def __init__(self, hidden=16):
        super().__init__()
        self.lstm = nn.LSTM(input_size=1, hidden_size=hidden, batch_first=True)
        self.head = nn.Linear(hidden, 2)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.head(h[-1])

model = SeqClassifier()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(3):
    model.train()
    for i in range(0, n, 32):
        optimizer.zero_grad()
        loss = criterion(model(seqs[i:i + 32]), labels[i:i + 32])
        loss.backward()
        optimizer.step()
    print("epoch", epoch, loss.item())

# %%
model.eval()
with torch.no_grad():
    print("acc", (model(seqs).argmax(1) == labels).float().mean().item())
