# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pad_sequence, pack_padded_sequence
from torch.utils.data import DataLoader

torch.manual_seed(7)
rng = np.random.default_rng(7)

# %%
VOCAB = 500
PAD = 0
# variable-length "reviews": class 1 uses more tokens from the upper half of the vocab
def make_example():
    label = int(rng.integers(0, 2))
    length = int(rng.integers(5, 40))
    lo, hi = (1, 300) if label == 0 else (200, VOCAB)
    return torch.tensor(rng.integers(lo, hi, size=length), dtype=torch.long), label

data = [make_example() for _ in range(600)]
train_data, test_data = data[:500], data[500:]

def collate(batch):
    seqs, labels = zip(*batch)
    lengths = torch.tensor([len(s) for s in seqs])
    padded = pad_sequence(seqs, batch_first=True, padding_value=PAD)
    return padded, lengths, torch.tensor(labels, dtype=torch.long)

train_loader = DataLoader(train_data, batch_size=32, shuffle=True, collate_fn=collate)
test_loader = DataLoader(test_data, batch_size=64, collate_fn=collate)

# %%
class LSTMClassifier(nn.Module):
    def __init__(self, vocab_size, embed_dim=32, hidden_dim=64, num_classes=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=PAD)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * hidden_dim, num_classes)

    def forward(self, x, lengths):
        emb = self.embedding(x)
        packed = pack_padded_sequence(emb, lengths.cpu(), batch_first=True, enforce_sorted=False)
        _, (h_n, _) = self.lstm(packed)
        h = torch.cat([h_n[-2], h_n[-1]], dim=1)
        return self.fc(h)

model = LSTMClassifier(VOCAB)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)

# %%
for epoch in range(3):
    model.train()
    for x, lengths, y in train_loader:
        optimizer.zero_grad()
        logits = model(x, lengths)
        loss = criterion(logits, y)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
        optimizer.step()
    model.eval()
    correct = 0
    with torch.no_grad():
        for x, lengths, y in test_loader:
            correct += (model(x, lengths).argmax(-1) == y).sum().item()
    print(f"epoch {epoch}: loss {loss.item():.3f}, test acc {correct / len(test_data):.2f}")
