# corpus: expect=training.process set=blind14
# (blind 2026-12-07) The language-model loop carries the LSTM hidden state (h, c) from one batch to the next without .detach(), so the second loss.backward() tries to go through the previous batch's freed graph and raises "Trying to backward through the graph a second time". https://learn.biosrag.com/ai/rnn-training-4.html
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# %%
vocab, seq_len, batch = 50, 20, 16
corpus = torch.randint(0, vocab, (batch * seq_len * 30 + 1,))
inputs = corpus[:-1].view(batch, -1)
targets = corpus[1:].view(batch, -1)

# %%
class CharLM(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(vocab, 32)
        self.lstm = nn.LSTM(32, 64, batch_first=True)
        self.head = nn.Linear(64, vocab)

    def forward(self, x, hidden):
        out, hidden = self.lstm(self.emb(x), hidden)
        return self.head(out), hidden

model = CharLM().to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
criterion = nn.CrossEntropyLoss()

# %%
hidden = (torch.zeros(1, batch, 64, device=device), torch.zeros(1, batch, 64, device=device))
for i in range(0, inputs.size(1), seq_len):
    x = inputs[:, i:i + seq_len].to(device)
    t = targets[:, i:i + seq_len].to(device)
    optimizer.zero_grad()
    logits, hidden = model(x, hidden)
    loss = criterion(logits.reshape(-1, vocab), t.reshape(-1))
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 0.5)
    optimizer.step()
print("last loss", loss.item())
