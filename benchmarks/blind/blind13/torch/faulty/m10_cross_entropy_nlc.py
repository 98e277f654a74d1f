# corpus: expect=tensors.shape set=modern area=10
# (blind 2026-12-07) In the loss cell the sequence logits of shape (N, L, C) are passed straight to F.cross_entropy with targets (N, L); PyTorch expects the class dimension second, (N, C, L), and raises a shape error. https://whosebug.com/question/6539086/How-to-compute-Cross-Entropy-Loss-for-sequences
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
N, L, V, C = 32, 15, 40, 7
tokens = torch.randint(0, V, (N, L))
tags = tokens % C

# %%
emb = nn.Embedding(V, 16)
gru = nn.GRU(16, 32, batch_first=True)
head = nn.Linear(32, C)
params = list(emb.parameters()) + list(gru.parameters()) + list(head.parameters())
opt = torch.optim.Adam(params, lr=1e-2)

# %%
out, _ = gru(emb(tokens))
logits = head(out)                        # (N, L, C)
loss = F.cross_entropy(logits, tags)
loss.backward()
opt.step()
print(loss.item())
