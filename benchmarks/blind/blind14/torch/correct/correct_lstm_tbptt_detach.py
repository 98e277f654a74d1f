# corpus: correct set=blind14
# (blind 2026-12-07) Character LSTM trained with truncated BPTT: the hidden state is carried across chunks but detached before each chunk, hidden tensors are created on the input's device, logits are reshaped to (N*T, V) for CrossEntropyLoss. https://github.com/pytorch/examples/blob/main/word_language_model/main.py
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# %%
vocab, seq_len, batch = 30, 20, 16
pattern = torch.arange(vocab).repeat(300)
corpus = pattern[: batch * seq_len * 20 + 1]
inputs = corpus[:-1].view(batch, -1)
targets = corpus[1:].view(batch, -1)

# %%
class CharLM(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(vocab, 32)
        self.lstm = nn.LSTM(32, 64, batch_first=True)
        self.head = nn.Linear(64, vocab)

    def init_hidden(self, bsz, device):
        return (torch.zeros(1, bsz, 64, device=device), torch.zeros(1, bsz, 64, device=device))

    def forward(self, x, hidden):
        out, hidden = self.lstm(self.emb(x), hidden)
        return self.head(out), hidden

model = CharLM().to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)
criterion = nn.CrossEntropyLoss()

# %%
for epoch in range(3):
    hidden = model.init_hidden(batch, device)
    for i in range(0, inputs.size(1), seq_len):
        x = inputs[:, i:i + seq_len].to(device)
        t = targets[:, i:i + seq_len].to(device)
        hidden = tuple(h.detach() for h in hidden)
        optimizer.zero_grad()
        logits, hidden = model(x, hidden)
        loss = criterion(logits.reshape(-1, vocab), t.reshape(-1))
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 0.5)
        optimizer.step()
    print(epoch, round(loss.item(), 4))
