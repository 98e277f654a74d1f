# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(21)
vocab_size, maxlen = 1000, 40

# %%
rng = np.random.default_rng(21)
def make(n):
    y = rng.integers(0, 2, n)
    x = np.zeros((n, maxlen), dtype="int32")
    for i, lab in enumerate(y):
        L = rng.integers(10, maxlen)
        x[i, :L] = rng.integers(1 + lab * 400, 600 + lab * 399, L)   # post-padded
    return x, y
x_train, y_train = make(600)
x_val, y_val = make(120)

# %%
model = keras.Sequential([
    keras.Input(shape=(maxlen,), dtype="int32"),
    layers.Embedding(vocab_size, 32, mask_zero=True),
    layers.GRU(32),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.Adam(2e-3), loss="binary_crossentropy", metrics=["accuracy"])

# %%
%%dlcheck
hist = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=3, batch_size=32, verbose=2)
