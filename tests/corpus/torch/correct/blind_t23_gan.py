# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %% [markdown]
# A tiny GAN on 2-d data (two optimizers, detach for the discriminator step)

# %%
import torch
import torch.nn as nn

torch.manual_seed(23)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
latent_dim = 8

# %%
def real_batch(n):
    angle = torch.rand(n) * 2 * torch.pi
    r = 2 + 0.1 * torch.randn(n)
    return torch.stack([r * torch.cos(angle), r * torch.sin(angle)], dim=1)

G = nn.Sequential(nn.Linear(latent_dim, 64), nn.LeakyReLU(0.2), nn.Linear(64, 64), nn.LeakyReLU(0.2),
                  nn.Linear(64, 2)).to(device)
D = nn.Sequential(nn.Linear(2, 64), nn.LeakyReLU(0.2), nn.Linear(64, 64), nn.LeakyReLU(0.2),
                  nn.Linear(64, 1)).to(device)
opt_G = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
opt_D = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
criterion = nn.BCEWithLogitsLoss()

# %%
%%dlcheck
batch_size = 64
for step in range(150):
    real = real_batch(batch_size).to(device)
    z = torch.randn(batch_size, latent_dim, device=device)
    fake = G(z)
    ones = torch.ones(batch_size, 1, device=device)
    zeros = torch.zeros(batch_size, 1, device=device)

    # discriminator step
    opt_D.zero_grad()
    loss_D = criterion(D(real), ones) + criterion(D(fake.detach()), zeros)
    loss_D.backward()
    opt_D.step()

    # generator step
    opt_G.zero_grad()
    loss_G = criterion(D(fake), ones)
    loss_G.backward()
    opt_G.step()

    if step % 50 == 0:
        print(f"step {step}: D {loss_D.item():.3f} G {loss_G.item():.3f}")

# %%
G.eval()
with torch.no_grad():
    samples = G(torch.randn(500, latent_dim, device=device)).cpu()
print("mean radius of generated points", samples.norm(dim=1).mean().item())
