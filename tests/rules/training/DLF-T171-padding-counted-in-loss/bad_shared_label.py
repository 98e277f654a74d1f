# %%
import torch
import torch.nn as nn

torch.manual_seed(2)
# a tagger whose tag 0 ("other") is a real tag AND the filler of padded positions
words = torch.randint(1, 25, (64, 12))
tags = (words % 3).long()                 # 0, 1, 2 at real positions
lens = torch.randint(4, 12, (64,))
for r, n in enumerate(lens.tolist()):
    words[r, n:] = 0
    tags[r, n:] = 0

tagger = nn.Sequential(nn.Embedding(25, 8, padding_idx=0), nn.Linear(8, 3))
loss_fn = nn.CrossEntropyLoss(label_smoothing=0.0)
sgd = torch.optim.SGD(tagger.parameters(), lr=0.1)

# %% expect: DLF-T171
for _ in range(3):
    sgd.zero_grad()
    scores = tagger(words)
    l = loss_fn(scores.permute(0, 2, 1), tags)  # noqa: E741 - written as people write it
    l.backward()
    sgd.step()
