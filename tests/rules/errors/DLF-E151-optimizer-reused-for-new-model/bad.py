# %%
import numpy as np
import keras

rng = np.random.default_rng(11)
inputs = rng.normal(size=(96, 4)).astype("float32")
labels = (inputs[:, 0] > 0).astype("float32")
shared_opt = keras.optimizers.RMSprop(learning_rate=0.005)

# %% expect: DLF-E151
scores = {}
for width in (8, 16):
    candidate = keras.Sequential([keras.Input((4,)), keras.layers.Dense(width, activation="relu"),
                                  keras.layers.Dense(1, activation="sigmoid")])
    candidate.compile(optimizer=shared_opt, loss="binary_crossentropy")
    candidate.fit(inputs, labels, epochs=1, batch_size=32, verbose=0)
    scores[width] = candidate.evaluate(inputs, labels, verbose=0)
