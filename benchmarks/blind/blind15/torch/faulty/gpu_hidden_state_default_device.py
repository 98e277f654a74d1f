# corpus: expect=gpu set=blind15
# (blind 2026-12-07) The GRU forecaster builds its initial hidden state with torch.zeros(...) inside forward without a device, so once the model and batches are moved to CUDA the call fails with "Input and hidden tensors are not at the same device" (latent on this CPU-only run). https://github.com/benedekrozemberczki/pytorch_geometric_temporal/issues/18
# %%
import torch
import torch.nn as nn

device = "cuda" if torch.cuda.is_available() else "cpu"
torch.manual_seed(3)
t = torch.linspace(0, 40, 1200)
series = torch.sin(t) + 0.3 * torch.sin(3.1 * t) + 0.05 * torch.randn_like(t)
WIN = 24
windows = series.unfold(0, WIN + 1, 1)
inputs, targets = windows[:, :WIN].unsqueeze(-1), windows[:, WIN:]

# %%
class Forecaster(nn.Module):
    def __init__(self, hidden=24, layers=1):
        super().__init__()
        self.hidden, self.layers = hidden, layers
        self.gru = nn.GRU(1, hidden, layers, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        h0 = torch.zeros(self.layers, x.size(0), self.hidden)
        out, _ = self.gru(x, h0)
        return self.head(out[:, -1])

fc = Forecaster().to(device)
opt = torch.optim.Adam(fc.parameters(), lr=5e-3)

# %%
split = 900
for epoch in range(3):
    for i in range(0, split, 100):
        xb, yb = inputs[i:i + 100].to(device), targets[i:i + 100].to(device)
        opt.zero_grad()
        loss = nn.functional.mse_loss(fc(xb), yb)
        loss.backward()
        opt.step()
    print(epoch, loss.item())
with torch.no_grad():
    test_mse = nn.functional.mse_loss(fc(inputs[split:].to(device)), targets[split:].to(device)).item()
print("test mse", test_mse)
