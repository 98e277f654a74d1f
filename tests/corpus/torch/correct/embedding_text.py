# corpus: correct
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
vocab_size, seq_len = 100, 12
tokens = torch.randint(1, vocab_size, (384, seq_len))
# sentiment = whether "positive" words (ids < 30) dominate
labels = ((tokens < 30).sum(1) > (tokens >= 70).sum(1)).long()
train_x, train_y = tokens[:320], labels[:320]
test_x, test_y = tokens[320:], labels[320:]

# %%
class BagOfEmbeddings(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, 16)
        self.fc = nn.Linear(16, 2)

    def forward(self, x):
        return self.fc(self.emb(x).mean(dim=1))

clf = BagOfEmbeddings()
opt = torch.optim.Adam(clf.parameters(), lr=1e-2)
loss_fn = nn.CrossEntropyLoss()

# %%
for epoch in range(3):
    clf.train()
    perm = torch.randperm(len(train_x))
    for i in range(0, len(train_x), 32):
        idx = perm[i:i + 32]
        opt.zero_grad()
        loss = loss_fn(clf(train_x[idx]), train_y[idx])
        loss.backward()
        opt.step()
    clf.eval()
    with torch.no_grad():
        acc = (clf(test_x).argmax(1) == test_y).float().mean().item()
    print(epoch, round(loss.item(), 3), round(acc, 3))
