# %%
import torch
from torch import nn

torch.manual_seed(7)
signals = torch.randn(128, 12)
classes = signals[:, :3].argmax(1)
net = nn.Sequential(nn.Linear(12, 24), nn.GELU(), nn.Linear(24, 3))
adam = torch.optim.Adam(net.parameters(), lr=3e-3)
amp_scaler = torch.amp.GradScaler("cpu", init_scale=1024.0)


def train_batch(xb, yb):
    adam.zero_grad()
    with torch.autocast("cpu", dtype=torch.bfloat16):
        logits = net(xb)
    loss = nn.functional.cross_entropy(logits.float(), yb)
    amp_scaler.scale(loss).backward()
    nn.utils.clip_grad_norm_(net.parameters(), 0.5)
    amp_scaler.step(adam)
    amp_scaler.update()


# %%
for i in range(0, 128, 32):
    train_batch(signals[i:i + 32], classes[i:i + 32])  # expect: DLF-A131
