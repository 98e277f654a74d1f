# %%
import numpy as np
import keras
from numpy.lib.stride_tricks import sliding_window_view
from sklearn.model_selection import TimeSeriesSplit, train_test_split

steps = np.arange(1500)
load = (np.cos(steps / 25) + 0.1 * np.random.default_rng(2).normal(size=1500)).astype("float32")
lag = 24

# %%
# overlapping windows, split along the timeline
segments, nexts = [], []
for k in range(len(load) - lag):
    segments.append(load[k:k + lag])
    nexts.append(load[k + lag])
inputs = np.array(segments)[:, :, None]
outputs = np.array(nexts)
in_fit, in_hold, out_fit, out_hold = train_test_split(inputs, outputs, test_size=0.25,
                                                      shuffle=False)
folds = list(TimeSeriesSplit(n_splits=3).split(inputs))

# %%
# non-overlapping blocks (stride = window) may be split at random
blocks = np.stack([load[k:k + lag] for k in range(0, len(load) - lag, lag)])
block_y = blocks[:, -1]
b_fit, b_hold, by_fit, by_hold = train_test_split(blocks[:, :-1], block_y, test_size=0.25)
views = sliding_window_view(load, lag)[::lag]
v_fit, v_hold = train_test_split(views, test_size=0.2, random_state=1)

# %%
# windows built inside each segment of a chronological split
cut = int(0.75 * len(load))
def cut_windows(seq):
    return np.stack([seq[k:k + lag] for k in range(len(seq) - lag)])[..., None], seq[lag:]
tr_x, tr_y = cut_windows(load[:cut])
te_x, te_y = cut_windows(load[cut:])

# %%
# a random split of independent rows is fine
table = np.random.default_rng(0).normal(size=(400, 5)).astype("float32")
t_fit, t_hold = train_test_split(table, test_size=0.2)

# %%
net = keras.Sequential([keras.Input(shape=(lag, 1)), keras.layers.LSTM(8), keras.layers.Dense(1)])
net.compile(optimizer="adam", loss="mae")
net.fit(tr_x, tr_y, epochs=1, batch_size=128, verbose=0)
print(net.evaluate(te_x, te_y, verbose=0))
