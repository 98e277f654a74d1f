# %%
import keras
import numpy as np

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
vocab, maxlen = 2000, 40
seqs = rng.integers(1, vocab, (300, maxlen))
seqs[:, :10] = 0
labels = rng.integers(0, 2, 300)

# %%
model = keras.Sequential([keras.Input(shape=(maxlen,), dtype="int32"),
                          keras.layers.Embedding(vocab, 16, mask_zero=True),
                          keras.layers.LSTM(16), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(seqs, labels, epochs=1, batch_size=64, verbose=0)

# %%
# a univariate series of counts (monthly passengers): smooth in time, not word indices
t = np.arange(300 + 24)
series = np.round(300 + 150 * np.sin(t / 6) + t * 0.8 + rng.normal(0, 10, t.size)).clip(0)
windows = np.stack([series[i:i + 24] for i in range(300)])
Xs = (windows / series.max()).reshape(-1, 24, 1).astype("float32")
ys = series[24:324] / series.max()
ts = keras.Sequential([keras.Input(shape=(24, 1)), keras.layers.LSTM(8), keras.layers.Dense(1)])
ts.compile(optimizer="adam", loss="mse")
ts.fit(Xs, ys, epochs=1, batch_size=64, verbose=0)
raw = windows.reshape(-1, 24, 1)
ts.fit(raw, series[24:324], epochs=1, batch_size=64, verbose=0)
