# %%
import numpy as np
import keras
from sklearn.model_selection import train_test_split

steps = np.arange(1500)
load = (np.cos(steps / 25) + 0.1 * np.random.default_rng(2).normal(size=1500)).astype("float32")
lag = 24
segments, nexts = [], []
for k in range(len(load) - lag):
    segments.append(load[k:k + lag])
    nexts.append(load[k + lag])
inputs = np.array(segments)[:, :, None]
outputs = np.array(nexts)

# %%
in_fit, in_hold, out_fit, out_hold = train_test_split(inputs, outputs, test_size=0.25, shuffle=False)  # dlfault-fix

# %%
net = keras.Sequential([keras.Input(shape=(lag, 1)), keras.layers.LSTM(8), keras.layers.Dense(1)])
net.compile(optimizer="adam", loss="mae")
net.fit(in_fit, out_fit, epochs=1, batch_size=128, verbose=0)
print(net.evaluate(in_hold, out_hold, verbose=0))
