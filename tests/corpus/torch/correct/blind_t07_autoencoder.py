# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)

# %%
# Fashion-MNIST-like images in [0, 1]
X = np.random.rand(512, 28, 28).astype("float32")
X_train, X_test = X[:448], X[448:]
train_loader = DataLoader(TensorDataset(torch.from_numpy(X_train)), batch_size=64, shuffle=True)

# %%
class AutoEncoder(nn.Module):
    def __init__(self, latent_dim=16):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Flatten(),
            nn.Linear(28 * 28, 128), nn.ReLU(),
            nn.Linear(128, latent_dim),
        )
        self.decoder = nn.Sequential(
            nn.Linear(latent_dim, 128), nn.ReLU(),
            nn.Linear(128, 28 * 28), nn.Sigmoid(),
            nn.Unflatten(1, (28, 28)),
        )

    def forward(self, x):
        return self.decoder(self.encoder(x))

ae = AutoEncoder()
opt = optim.Adam(ae.parameters(), lr=1e-3)
criterion = nn.MSELoss()

# %%
losses = []
for epoch in range(3):
    for (batch,) in train_loader:
        recon = ae(batch)
        loss = criterion(recon, batch)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    print(f"epoch {epoch + 1}, loss {loss.item():.4f}")

# %%
ae.eval()
with torch.no_grad():
    test_t = torch.from_numpy(X_test)
    recon = ae(test_t)
    test_mse = criterion(recon, test_t).item()
    codes = ae.encoder(test_t)
print("test MSE", test_mse, "latent", tuple(codes.shape))

fig, axes = plt.subplots(2, 4, figsize=(8, 4))
for i in range(4):
    axes[0, i].imshow(X_test[i], cmap="gray")
    axes[1, i].imshow(recon[i].numpy(), cmap="gray")
    axes[0, i].axis("off"); axes[1, i].axis("off")
plt.tight_layout()
