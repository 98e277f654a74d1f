# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %% [markdown]
# "Building Autoencoders in Keras" (blog.keras.io) simplest autoencoder

# %%
import numpy as np
import keras
from keras import layers

# %%
# MNIST-like: 10 stroke prototypes, jittered, values in [0, 255]
rng = np.random.default_rng(24)
protos = (rng.random((10, 28, 28)) > 0.8).astype("float32") * 255
def digits(n):
    imgs = protos[rng.integers(0, 10, n)] * rng.uniform(0.7, 1.0, (n, 1, 1))
    return np.clip(imgs + rng.normal(0, 20, imgs.shape), 0, 255).astype("uint8")
x_train = digits(600).astype("float32") / 255.
x_test = digits(100).astype("float32") / 255.
x_train = x_train.reshape((len(x_train), np.prod(x_train.shape[1:])))
x_test = x_test.reshape((len(x_test), np.prod(x_test.shape[1:])))
print(x_train.shape, x_test.shape)

# %%
encoding_dim = 32
input_img = keras.Input(shape=(784,))
encoded = layers.Dense(encoding_dim, activation="relu")(input_img)
decoded = layers.Dense(784, activation="sigmoid")(encoded)
autoencoder = keras.Model(input_img, decoded)
encoder = keras.Model(input_img, encoded)
encoded_input = keras.Input(shape=(encoding_dim,))
decoder_layer = autoencoder.layers[-1]
decoder = keras.Model(encoded_input, decoder_layer(encoded_input))
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")

# %%
%%dlcheck
autoencoder.fit(x_train, x_train, epochs=3, batch_size=64, shuffle=True,
                validation_data=(x_test, x_test), verbose=2)

# %%
encoded_imgs = encoder.predict(x_test, verbose=0)
decoded_imgs = decoder.predict(encoded_imgs, verbose=0)
print(encoded_imgs.shape, decoded_imgs.shape, float(np.mean((decoded_imgs - x_test) ** 2)))
