# %%
import torch
from torch import nn

torch.manual_seed(15)
px = torch.randn(48, 9)
py = torch.randint(0, 4, (48,))
tagger = nn.Linear(9, 4)
adamw = torch.optim.AdamW(tagger.parameters(), lr=2e-3)
grad_scaler = torch.amp.GradScaler("cpu")

# %%
for s in range(0, 48, 16):
    adamw.zero_grad()
    with torch.autocast("cpu", dtype=torch.bfloat16):
        ce = nn.functional.cross_entropy(tagger(px[s:s + 16]), py[s:s + 16])
    ce.backward()
    grad_scaler.step(adamw)  # expect: DLF-E132
    grad_scaler.update()
