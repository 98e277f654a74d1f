# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(5)
clips = torch.randn(400, 16)
# each clip can carry several genres at once (multi-hot rows)
genres = (clips[:, :4] + 0.5 * clips[:, 4:8] > 0.2).float()
train_dl = DataLoader(TensorDataset(clips, genres), batch_size=50, shuffle=True)

# %% expect: DLF-L011
tagger = nn.Sequential(nn.Linear(16, 48), nn.GELU(), nn.Linear(48, 4), nn.Softmax(dim=-1))
bce = nn.BCELoss()
opt = torch.optim.Adam(tagger.parameters(), lr=2e-3)
for epoch in range(2):
    for clip, target in train_dl:
        opt.zero_grad()
        out = tagger(clip)
        bce(out, target).backward()
        opt.step()
