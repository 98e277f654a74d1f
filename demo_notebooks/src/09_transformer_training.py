# demo: title="A small Transformer: masks and padding"
# demo: expect=DLF-S171,DLF-T171
# %%
%load_ext dlfault_jupyter

# %% [markdown]
# # A small Transformer language model — masks and padding
# Two faults of today's sequence models that raise no error: a causal mask written as
# `0/1` floats (PyTorch *adds* a float mask to the attention scores, so it hides nothing),
# and padding positions counted in the loss. Each faulty cell is followed by its
# corrected version.

# %%
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
VOCAB, PAD, STEPS = 30, 0, 12
tokens = torch.randint(1, VOCAB, (128, STEPS + 1))
for row in range(128):
    tokens[row, 6 + row % 6:] = PAD                   # right-padded sentences
inputs, targets = tokens[:, :-1], tokens[:, 1:]       # predict the next token
batches = DataLoader(TensorDataset(inputs, targets), batch_size=32)


class TinyLM(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, 32, padding_idx=PAD)
        self.pos = nn.Parameter(torch.zeros(STEPS, 32))
        layer = nn.TransformerEncoderLayer(32, 4, 64, batch_first=True, dropout=0.0)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.head = nn.Linear(32, VOCAB)

    def forward(self, ids, causal):
        h = self.embed(ids) + self.pos[: ids.shape[1]]
        return self.head(self.encoder(h, mask=causal))


lm = TinyLM()
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.AdamW(lm.parameters(), lr=3e-3)

# %% [markdown]
# ## A causal mask of ones and zeros
# `torch.triu(torch.ones(...), 1)` marks the future with `1.0`. A *float* mask is added to
# the attention scores: `+1` on the future positions does not hide them, so every token
# can look at the tokens it should predict.

# %%
causal = torch.triu(torch.ones(STEPS, STEPS), diagonal=1)
logits = lm(inputs[:4], causal)

# %% [markdown]
# **Fixed**: a boolean mask (`True` = may not attend), or the helper PyTorch provides.

# %%
causal = nn.Transformer.generate_square_subsequent_mask(STEPS)
logits = lm(inputs[:4], causal)

# %% [markdown]
# ## Padding counted in the loss
# The targets at the padded positions are the padding id `0`. `CrossEntropyLoss` ignores
# only `-100` by default, so a large share of the loss teaches the model to predict
# padding.

# %%
for epoch in range(2):
    for xb, yb in batches:
        optimizer.zero_grad()
        loss = loss_fn(lm(xb, causal).flatten(0, 1), yb.flatten())
        loss.backward()
        optimizer.step()

# %% [markdown]
# **Fixed**: tell the loss which target to ignore.

# %%
loss_fn = nn.CrossEntropyLoss(ignore_index=PAD)
for epoch in range(2):
    for xb, yb in batches:
        optimizer.zero_grad()
        loss = loss_fn(lm(xb, causal).flatten(0, 1), yb.flatten())
        loss.backward()
        optimizer.step()
print(f"last loss {loss.item():.3f}")
