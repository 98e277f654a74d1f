# corpus: expect=model.layers.properties
# (blind probe, 2026-12-06) nn.LSTM built without batch_first=True while batches are (batch, seq, feature), so the LSTM runs over the batch axis and out[:, -1] picks the wrong step, cell 3
# %%
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(4)

# %%
# synthetic sensor sequences: classify whether the signal trends up or down
rng = np.random.default_rng(4)
n_seq, seq_len, n_feat = 600, 20, 3
trend = rng.choice([-1.0, 1.0], size=n_seq)
t = np.linspace(0, 1, seq_len)
seqs = (trend[:, None, None] * t[None, :, None] + 0.3 * rng.standard_normal((n_seq, seq_len, n_feat))).astype(np.float32)
lab = (trend > 0).astype(np.int64)
X_train, X_test = torch.from_numpy(seqs[:500]), torch.from_numpy(seqs[500:])
y_train, y_test = torch.from_numpy(lab[:500]), torch.from_numpy(lab[500:])

# %%
class LSTMClassifier(nn.Module):
    def __init__(self, input_size, hidden_size, num_classes):
        super().__init__()
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers=1)
        self.fc = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1, :])

model = LSTMClassifier(n_feat, 32, 2)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.005)

# %%
batch_size = 25
for epoch in range(3):
    model.train()
    perm = torch.randperm(len(X_train))
    for i in range(0, len(X_train), batch_size):
        idx = perm[i:i + batch_size]
        optimizer.zero_grad()
        loss = criterion(model(X_train[idx]), y_train[idx])
        loss.backward()
        optimizer.step()
    print(f"Epoch {epoch + 1}, loss {loss.item():.4f}")

# %%
model.eval()
with torch.no_grad():
    test_acc = (model(X_test).argmax(1) == y_test).float().mean().item()
print(f"Test accuracy: {test_acc:.3f}")
