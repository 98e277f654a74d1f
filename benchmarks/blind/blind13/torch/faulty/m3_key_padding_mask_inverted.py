# corpus: expect=tensors.input also=training.process set=modern area=3
# (blind 2026-12-07) In the forward cell src_key_padding_mask is built as (tokens != PAD), i.e. True for real tokens, but PyTorch treats True as "ignore", so attention only looks at padding; sequences without any padding end up fully masked. https://discuss.pytorch.org/t/how-to-make-sure-which-masking-arguments-i-need-to-provide-for-calling-torch-nn-transformer-model/179371
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
        attention_mask = tokens != PAD          # 1 for real tokens, 0 for padding (HF style)
        h = self.enc(self.emb(tokens) + self.pos, src_key_padding_mask=attention_mask)
        m = attention_mask.unsqueeze(-1).float()
        return self.head((h * m).sum(1) / m.sum(1))

model = TextClassifier()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)

# %%
for epoch in range(5):
    opt.zero_grad()
    logits = model(tokens)
    loss = nn.functional.cross_entropy(logits, labels)
    loss.backward()
    opt.step()
    print(epoch, loss.item(), "nan logits rows:", torch.isnan(logits).any(1).sum().item())
