# corpus: expect=gpu also=model.layers.choice set=blind12
# (blind 2026-12-07) forward() instantiates nn.BatchNorm2d/nn.ReLU on every call, so the BN parameters are created on the CPU and never registered or moved by model.to(device): on a GPU this raises "Expected all tensors to be on the same device" (model cell). https://github.com/syuu1987/geekTime-semantic-segmentation/issues/1
# %%
import torch, torch.nn as nn
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.manual_seed(5)
# %%
class DoubleConv(nn.Module):
    def __init__(self, in_channels, features):
        super().__init__()
        self.features = features
        self.conv1 = nn.Conv2d(in_channels, features, 3, padding=1)
        self.conv2 = nn.Conv2d(features, features, 3, padding=1)
    def forward(self, input):
        x = self.conv1(input)
        x = nn.BatchNorm2d(num_features=self.features)(x)
        x = nn.ReLU(inplace=True)(x)
        x = self.conv2(x)
        x = nn.BatchNorm2d(num_features=self.features)(x)
        x = nn.ReLU(inplace=True)(x)
        return x
# %%
model = nn.Sequential(DoubleConv(3, 8), nn.Conv2d(8, 2, 1)).to(device)
opt = torch.optim.SGD(model.parameters(), lr=0.05)
imgs = torch.randn(8, 3, 32, 32).to(device)
masks = torch.randint(0, 2, (8, 32, 32)).to(device)
for it in range(3):
    opt.zero_grad()
    loss = nn.functional.cross_entropy(model(imgs), masks)
    loss.backward(); opt.step()
print("loss", loss.item(), "registered params:", sum(p.numel() for p in model.parameters()))
