# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %% [markdown]
# DQN-style Q-network: frames are stored as uint8 and scaled inside forward()

# %%
import random
from collections import deque
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(21); random.seed(21); np.random.seed(21)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
N_ACTIONS = 4

# %%
class QNetwork(nn.Module):
    def __init__(self, n_actions):
        super().__init__()
        self.conv1 = nn.Conv2d(4, 16, 8, stride=4)
        self.conv2 = nn.Conv2d(16, 32, 4, stride=2)
        self.fc = nn.Linear(32 * 9 * 9, 256)
        self.out = nn.Linear(256, n_actions)

    def forward(self, x):
        x = x.float() / 255.0          # uint8 frames -> [0, 1]
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = F.relu(self.fc(x.flatten(1)))
        return self.out(x)

q_net = QNetwork(N_ACTIONS).to(device)
target_net = QNetwork(N_ACTIONS).to(device)
target_net.load_state_dict(q_net.state_dict())
target_net.eval()
optimizer = torch.optim.Adam(q_net.parameters(), lr=1e-4)

# %%
# fill a replay buffer with fake transitions (stacked 84x84 grey frames)
buffer = deque(maxlen=1000)
for _ in range(300):
    s = np.random.randint(0, 256, size=(4, 84, 84), dtype=np.uint8)
    s2 = np.random.randint(0, 256, size=(4, 84, 84), dtype=np.uint8)
    buffer.append((s, random.randrange(N_ACTIONS), random.random(), s2, random.random() < 0.05))

def sample(batch_size=32):
    batch = random.sample(buffer, batch_size)
    s, a, r, s2, d = map(np.array, zip(*batch))
    return (torch.from_numpy(s).to(device), torch.from_numpy(a).long().to(device),
            torch.from_numpy(r).float().to(device), torch.from_numpy(s2).to(device),
            torch.from_numpy(d.astype(np.float32)).to(device))

# %%
gamma = 0.99
for step in range(30):
    states, actions, rewards, next_states, dones = sample()
    q_values = q_net(states).gather(1, actions.unsqueeze(1)).squeeze(1)
    with torch.no_grad():
        next_q = target_net(next_states).max(1).values
        targets = rewards + gamma * next_q * (1 - dones)
    loss = F.smooth_l1_loss(q_values, targets)
    optimizer.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(q_net.parameters(), 10.0)
    optimizer.step()
    if step % 10 == 0:
        target_net.load_state_dict(q_net.state_dict())
        print(step, loss.item())

# %%
# greedy action for one state
with torch.no_grad():
    state = torch.from_numpy(buffer[0][0]).unsqueeze(0).to(device)
    print("action", q_net(state).argmax(1).item())
