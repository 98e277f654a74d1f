# %%
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(11)
pairs = DataLoader(TensorDataset(torch.randn(120, 12), torch.randint(0, 3, (120,))),
                   batch_size=30)


class TwoStage(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(12, 48), nn.GELU(), nn.Linear(48, 24), nn.GELU())
        self.classifier = nn.Linear(24, 3)

    def forward(self, x):
        return self.classifier(self.encoder(x))


clf = TwoStage()
sgd = torch.optim.SGD(clf.classifier.parameters(), lr=0.05)

# %%
for xb, yb in pairs:
    sgd.zero_grad()
    nn.functional.cross_entropy(clf(xb), yb).backward()
    sgd.step()  # expect: DLF-T004
