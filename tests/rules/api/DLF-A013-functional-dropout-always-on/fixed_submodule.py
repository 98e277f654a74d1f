# %%
import torch
import torch.nn as tnn

images = torch.randn(32, 3, 16, 16)
labels = torch.randint(0, 4, (32,))


# %%
class ConvBlock(tnn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = tnn.Conv2d(cin, cout, 3, padding=1)

    def _regularise(self, h):
        h = tnn.functional.dropout2d(h, 0.1, training=self.training)  # dlfault-fix
        return h

    def forward(self, h):
        return self._regularise(torch.relu(self.conv(h)))


classifier = tnn.Sequential(ConvBlock(3, 8), ConvBlock(8, 8), tnn.AdaptiveAvgPool2d(1),
                            tnn.Flatten(), tnn.Linear(8, 4))
optim = torch.optim.Adam(classifier.parameters(), lr=1e-3)
optim.zero_grad()
tnn.functional.cross_entropy(classifier(images), labels).backward()
optim.step()

# %%
classifier.eval()
with torch.no_grad():
    scores = classifier(images).softmax(-1)
