# corpus: expect=gpu set=blind12
# (blind 2026-12-07) init_hidden() builds h0/c0 with torch.zeros(...) without a device, so once the LSTM and inputs are on cuda the forward fails with "Input and hidden tensors are not at the same device" (model cell; latent on CPU). https://github.com/Lightning-AI/pytorch-lightning/issues/3738
# %%
import torch
import torch.nn as nn
torch.manual_seed(6)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
# %%
class CharRNN(nn.Module):
    def __init__(self, vocab, emb=16, hidden=32, n_layers=1):
        super().__init__()
        self.hidden_size, self.n_layers = hidden, n_layers
        self.emb = nn.Embedding(vocab, emb)
        self.lstm = nn.LSTM(emb, hidden, n_layers, batch_first=True)
        self.out = nn.Linear(hidden, vocab)
    def init_hidden(self, batch_size):
        h = torch.zeros(self.n_layers, batch_size, self.hidden_size)
        c = torch.zeros(self.n_layers, batch_size, self.hidden_size)
        return h, c
    def forward(self, x):
        h, c = self.init_hidden(x.size(0))
        o, _ = self.lstm(self.emb(x), (h, c))
        return self.out(o)
# %%
vocab = 20
seq = torch.randint(0, vocab, (16, 11))
inp, tgt = seq[:, :-1].to(device), seq[:, 1:].to(device)
model = CharRNN(vocab).to(device)
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
for step in range(20):
    opt.zero_grad()
    logits = model(inp)
    loss = nn.functional.cross_entropy(logits.reshape(-1, vocab), tgt.reshape(-1))
    loss.backward(); opt.step()
print(loss.item())
