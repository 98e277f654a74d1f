# %%
import numpy as np
import keras

rng = np.random.default_rng(11)
inputs = rng.normal(size=(96, 4)).astype("float32")
labels = (inputs[:, 0] > 0).astype("float32")

# %%
# one optimizer, one model, trained in two calls: the optimizer keeps its state on purpose
net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                        keras.layers.Dense(1, activation="sigmoid")])
opt = keras.optimizers.Adam(1e-3)
net.compile(optimizer=opt, loss="binary_crossentropy")
net.fit(inputs, labels, epochs=1, batch_size=32, verbose=0)
net.fit(inputs, labels, epochs=1, batch_size=32, verbose=0)
