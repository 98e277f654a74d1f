# The encoder is taken again from the autoencoder that was created again and trained.
# %%
import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(2)
X = np.random.default_rng(2).normal(size=(300, 12)).astype("float32")

# %%
inp = keras.Input((12,))
code = layers.Dense(3, name="code")(inp)
autoencoder = keras.Model(inp, layers.Dense(12)(code))
autoencoder.compile(optimizer="adam", loss="mse")

# %%
encoder = keras.Model(autoencoder.input, autoencoder.get_layer("code").output)

# %%
inp = keras.Input((12,))
code = layers.Dense(3, name="code")(inp)
autoencoder = keras.Model(inp, layers.Dense(12)(code))
autoencoder.compile(optimizer="adam", loss="mse")

# %%
autoencoder.fit(X, X, epochs=3, batch_size=64, verbose=0)
encoder = keras.Model(autoencoder.input, autoencoder.get_layer("code").output)  # dlfault-fix

# %%
Z = encoder.predict(X, verbose=0)
