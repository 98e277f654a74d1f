# corpus: correct set=modern area=3
# (blind 2026-12-07) Transformer encoder used correctly: batch_first=True for (B, S, E) input, learned positional embedding, src_key_padding_mask True at PAD positions, masked mean pooling. https://docs.pytorch.org/docs/stable/generated/torch.nn.TransformerEncoder.html
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
PAD, VOCAB, L, B = 0, 50, 12, 256
lengths = torch.randint(4, L + 1, (B,))
tokens = torch.randint(1, VOCAB, (B, L))
for i, n in enumerate(lengths):
    tokens[i, n:] = PAD
labels = (tokens[:, 0] > VOCAB // 2).long()

# %%
class TextClassifier(nn.Module):
    def __init__(self, d=32):
        super().__init__()
        self.emb = nn.Embedding(VOCAB, d, padding_idx=PAD)
        self.pos = nn.Parameter(torch.randn(1, L, d) * 0.02)
        layer = nn.TransformerEncoderLayer(d, nhead=4, dim_feedforward=64, batch_first=True, dropout=0.0)
        self.enc = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        self.head = nn.Linear(d, 2)

    def forward(self, tokens):
        pad_mask = tokens == PAD                 # True = ignore
        h = self.enc(self.emb(tokens) + self.pos, src_key_padding_mask=pad_mask)
        keep = (~pad_mask).unsqueeze(-1).float()
        return self.head((h * keep).sum(1) / keep.sum(1))

model = TextClassifier()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)

# %%
for epoch in range(30):
    model.train()
    opt.zero_grad()
    loss = nn.functional.cross_entropy(model(tokens), labels)
    loss.backward()
    opt.step()
model.eval()
with torch.no_grad():
    print("loss", round(loss.item(), 3), "acc", (model(tokens).argmax(1) == labels).float().mean().item())
