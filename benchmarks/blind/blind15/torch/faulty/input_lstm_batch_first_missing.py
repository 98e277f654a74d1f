# corpus: expect=tensors.input set=blind15
# (blind 2026-12-07) Sequences are batched as (batch, seq_len, features) but nn.LSTM is created with the default batch_first=False, so it treats the batch as time and the 20 time steps as the batch; training runs without error but the model mixes samples and barely learns. https://theneuralbase.com/pytorch/learn/intermediate/input-shape-for-rnns-seq-batch-features/
# %%
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(1)
N, T, F = 600, 20, 3
signals = torch.randn(N, T, F)
# label: is the average of channel 0 over the whole window positive?
labels = (signals[:, :, 0].mean(dim=1) > 0).long()
train = TensorDataset(signals[:480], labels[:480])
test_x, test_y = signals[480:], labels[480:]
print(signals.shape)

# %%
class TrendLSTM(nn.Module):
    def __init__(self, n_feat, hidden=32):
        super().__init__()
        self.rnn = nn.LSTM(n_feat, hidden, num_layers=1)
        self.fc = nn.Linear(hidden, 2)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out[:, -1, :])

model = TrendLSTM(F)
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
loss_fn = nn.CrossEntropyLoss()

# %%
for epoch in range(5):
    model.train()
    for xb, yb in DataLoader(train, batch_size=40, shuffle=True, drop_last=True):
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
    print(epoch, loss.item())

# %%
model.eval()
with torch.no_grad():
    preds = torch.cat([model(test_x[i:i + 40]).argmax(1) for i in range(0, len(test_x), 40)])
print("test acc", (preds == test_y).float().mean().item())
