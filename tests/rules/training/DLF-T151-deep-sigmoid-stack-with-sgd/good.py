# %%
import numpy as np
import keras

rng = np.random.default_rng(8)
bits = rng.integers(0, 2, size=(128, 12)).astype("float32")
parity = bits[:, :6].sum(axis=1) % 2


def stack(n, act):
    return keras.Sequential([keras.Input((12,))] +
                            [keras.layers.Dense(48, activation=act) for _ in range(n)] +
                            [keras.layers.Dense(1, activation="sigmoid")])


# %%
# the same depth with an adaptive optimizer, which rescales each parameter's step
adaptive = stack(6, "sigmoid")
adaptive.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy")
adaptive.fit(bits, parity, epochs=1, batch_size=32, verbose=0)
# two sigmoid hidden layers with SGD: shallow enough
shallow = stack(2, "sigmoid")
shallow.compile(optimizer=keras.optimizers.SGD(0.05), loss="binary_crossentropy")
shallow.fit(bits, parity, epochs=1, batch_size=32, verbose=0)
# deep, SGD, ReLU hidden layers
relu_net = stack(6, "relu")
relu_net.compile(optimizer="sgd", loss="binary_crossentropy")
