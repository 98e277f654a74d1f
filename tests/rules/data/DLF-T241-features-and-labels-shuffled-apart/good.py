# %%
import numpy as np
import torch
from torch import nn
from sklearn.utils import shuffle

rng = np.random.default_rng(3)
signals = rng.normal(size=(600, 8)).astype("float32")
targets = (signals[:, :2].sum(1) > 0).astype("int64")
held_signals = rng.normal(size=(200, 8)).astype("float32")

# %%
# one order for both
order = rng.permutation(len(signals))
signals = signals[order]
targets = targets[order]

# %%
# an index array shuffled in place, used for both
idx = np.arange(len(signals))
rng.shuffle(idx)
sig_a, tgt_a = signals[idx], targets[idx]

# %%
# one call shuffles both together; the same literal seed gives the same order
sig_b, tgt_b = shuffle(signals, targets, random_state=0)
sig_c = shuffle(signals, random_state=7)
tgt_c = shuffle(targets, random_state=7)

# %%
# the same seed set again before each shuffle
np.random.seed(11)
np.random.shuffle(sig_a)
np.random.seed(11)
np.random.shuffle(tgt_a)

# %%
# negatives for a contrastive loss: only the features are shuffled, on purpose
negatives = signals.copy()
rng.shuffle(negatives)
# two different feature sets shuffled each on its own
rng.shuffle(held_signals)

# %%
net = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
opt = torch.optim.SGD(net.parameters(), lr=0.1)
xs, ts = torch.from_numpy(signals[:480]), torch.from_numpy(targets[:480])
for _ in range(3):
    perm = torch.randperm(480)
    for i in range(0, 480, 96):
        b = perm[i:i + 96]
        opt.zero_grad()
        step_loss = nn.functional.cross_entropy(net(xs[b]), ts[b])
        step_loss.backward()
        opt.step()
