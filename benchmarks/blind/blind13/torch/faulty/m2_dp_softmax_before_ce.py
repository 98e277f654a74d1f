# corpus: expect=model.layers.choice also=training.loss set=modern area=2
# (blind 2026-12-07) Classic fault behind an nn.DataParallel wrapper: the wrapped model's forward ends in nn.Softmax and its output is fed to nn.CrossEntropyLoss, which applies log_softmax again, flattening the gradients. https://stackoverflow.com/questions/55675345/should-i-use-softmax-as-output-when-using-cross-entropy-loss-in-pytorch
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"
X = torch.randn(800, 20)
y = torch.argmax(X[:, :5], dim=1)

# %%
class Classifier(nn.Module):
    def __init__(self, n_in=20, n_cls=5):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(n_in, 64), nn.ReLU(), nn.Linear(64, n_cls))
        self.softmax = nn.Softmax(dim=1)
    def forward(self, x):
        return self.softmax(self.body(x))

model = Classifier()
if torch.cuda.device_count() > 1:
    print("using", torch.cuda.device_count(), "GPUs")
model = nn.DataParallel(model).to(device)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

# %%
for epoch in range(5):
    for i in range(0, 800, 50):
        optimizer.zero_grad()
        out = model(X[i:i + 50].to(device))
        loss = criterion(out, y[i:i + 50].to(device))
        loss.backward()
        optimizer.step()
    acc = (model(X.to(device)).argmax(1).cpu() == y).float().mean()
    print(epoch, round(loss.item(), 4), round(acc.item(), 3))
