# corpus: expect=training.loss set=modern area=9
# (blind 2026-12-07) In the loss cell nn.CrossEntropyLoss keeps the default ignore_index=-100 while the targets are padded with pad id 0, so padding positions are counted in the loss and the tagger learns to predict PAD. https://github.com/lukas-blecher/LaTeX-OCR/issues/305
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
PAD, V, T, B = 0, 30, 20, 256
lengths = torch.randint(3, 8, (B,))                 # most positions are padding
x = torch.randint(1, V, (B, T))
tags = (x % 5) + 1                                  # tag ids 1..5, 0 is PAD
for i, n in enumerate(lengths):
    x[i, n:] = PAD
    tags[i, n:] = PAD

# %%
class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, 32, padding_idx=PAD)
        self.lstm = nn.LSTM(32, 32, batch_first=True)
        self.out = nn.Linear(32, 6)
    def forward(self, x):
        return self.out(self.lstm(self.emb(x))[0])

model = Tagger()
criterion = nn.CrossEntropyLoss()
opt = torch.optim.Adam(model.parameters(), lr=1e-2)

# %%
for step in range(60):
    opt.zero_grad()
    logits = model(x)
    loss = criterion(logits.reshape(-1, 6), tags.reshape(-1))
    loss.backward()
    opt.step()
real = tags != PAD
acc_real = (logits.argmax(-1)[real] == tags[real]).float().mean().item()
print(f"loss {loss.item():.3f} (looks great) accuracy on real tokens {acc_real:.3f}")
