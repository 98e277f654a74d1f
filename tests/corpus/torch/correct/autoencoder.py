# corpus: correct
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
data = torch.rand(400, 32)
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(data), batch_size=32, shuffle=True)

class AutoEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 4))
        self.decoder = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 32), nn.Sigmoid())

    def forward(self, x):
        return self.decoder(self.encoder(x))

ae = AutoEncoder()
optimizer = torch.optim.Adam(ae.parameters(), lr=1e-3)
criterion = nn.MSELoss()

# %%
for epoch in range(3):
    for (xb,) in loader:
        optimizer.zero_grad()
        recon = ae(xb)
        loss = criterion(recon, xb)
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch}: reconstruction mse {loss.item():.4f}")
