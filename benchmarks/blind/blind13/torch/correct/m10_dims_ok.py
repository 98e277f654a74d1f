# corpus: correct set=modern area=10
# (blind 2026-12-07) Class dimension handled explicitly: log_softmax over dim=1, sequence logits permuted to (N, C, L) for F.cross_entropy, predictions with outputs.argmax(1) (or torch.max(...).indices). https://pytorch.org/docs/stable/generated/torch.nn.functional.cross_entropy.html
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
N, L, V, C = 32, 15, 40, 7
tokens = torch.randint(0, V, (N, L))
tags = tokens % C

# %%
emb, gru, head = nn.Embedding(V, 16), nn.GRU(16, 32, batch_first=True), nn.Linear(32, C)
params = list(emb.parameters()) + list(gru.parameters()) + list(head.parameters())
opt = torch.optim.Adam(params, lr=1e-2)
for step in range(25):
    opt.zero_grad()
    logits = head(gru(emb(tokens))[0])                  # (N, L, C)
    loss = F.cross_entropy(logits.permute(0, 2, 1), tags)
    loss.backward()
    opt.step()

# %%
with torch.no_grad():
    logits = head(gru(emb(tokens))[0])
    probs = F.softmax(logits, dim=-1)
    pred = torch.max(logits, dim=-1).indices
print("loss", round(loss.item(), 3), "acc", (pred == tags).float().mean().item(), "row sums ok", torch.allclose(probs.sum(-1), torch.ones(N, L)))
