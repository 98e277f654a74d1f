# %%
import numpy as np
import keras

rng = np.random.default_rng(8)
bits = rng.integers(0, 2, size=(128, 12)).astype("float32")
parity = bits[:, :6].sum(axis=1) % 2

# %% expect: DLF-T151
deep = keras.Sequential([
    keras.Input((12,)),
    keras.layers.Dense(48, activation="sigmoid"),
    keras.layers.Dense(48, activation="sigmoid"),
    keras.layers.Dropout(0.1),
    keras.layers.Dense(48, activation="sigmoid"),
    keras.layers.Dense(48, activation="sigmoid"),
    keras.layers.Dense(48, activation="sigmoid"),
    keras.layers.Dense(48, activation="sigmoid"),
    keras.layers.Dense(1, activation="sigmoid"),
])
deep.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9),
             loss="binary_crossentropy")
deep.fit(bits, parity, epochs=1, batch_size=32, verbose=0)
