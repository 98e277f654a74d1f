# corpus: expect=tensors.input also=training.validation set=modern area=3
# (blind 2026-12-07) In the mask cell the causal mask is built as a float lower-triangular matrix of ones (1 = allowed), but a float attn_mask is ADDED to the scores, so future positions are not blocked and the language model can read the next token. https://discuss.pytorch.org/t/how-to-make-sure-which-masking-arguments-i-need-to-provide-for-calling-torch-nn-transformer-model/179371
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
V, L, B, D = 20, 10, 128, 32
data = torch.randint(0, V, (B, L + 1))
inp, tgt = data[:, :-1], data[:, 1:]   # random tokens: next token is NOT predictable

# %%
causal_mask = torch.tril(torch.ones(L, L))   # 1 where attention is allowed

# %%
class TinyLM(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, D)
        self.pos = nn.Embedding(L, D)
        self.attn = nn.MultiheadAttention(D, 4, batch_first=True)
        self.out = nn.Linear(D, V)

    def forward(self, ids, mask):
        h = self.emb(ids) + self.pos(torch.arange(ids.size(1)))
        a, _ = self.attn(h, h, h, attn_mask=mask)
        return self.out(h + a)

model = TinyLM()
opt = torch.optim.Adam(model.parameters(), lr=3e-3)

# %%
for step in range(150):
    opt.zero_grad()
    logits = model(inp, causal_mask)
    loss = nn.functional.cross_entropy(logits.reshape(-1, V), tgt.reshape(-1))
    loss.backward()
    opt.step()
print("train loss on unpredictable random tokens:", round(loss.item(), 3), "(chance level ~", round(torch.log(torch.tensor(float(V))).item(), 3), ")")
