# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import keras
from keras import layers

# %%
# MNIST-like images scaled to [0, 1], with a channel axis
x_train = np.random.rand(512, 28, 28, 1).astype("float32")
x_test = np.random.rand(128, 28, 28, 1).astype("float32")

noise_factor = 0.4
x_train_noisy = np.clip(x_train + noise_factor * np.random.normal(size=x_train.shape), 0.0, 1.0).astype("float32")
x_test_noisy = np.clip(x_test + noise_factor * np.random.normal(size=x_test.shape), 0.0, 1.0).astype("float32")

# %%
input_img = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(32, (3, 3), activation="relu", padding="same")(input_img)
x = layers.MaxPooling2D((2, 2), padding="same")(x)
x = layers.Conv2D(32, (3, 3), activation="relu", padding="same")(x)
encoded = layers.MaxPooling2D((2, 2), padding="same")(x)

x = layers.Conv2DTranspose(32, (3, 3), strides=2, activation="relu", padding="same")(encoded)
x = layers.Conv2DTranspose(32, (3, 3), strides=2, activation="relu", padding="same")(x)
decoded = layers.Conv2D(1, (3, 3), activation="sigmoid", padding="same")(x)

autoencoder = keras.Model(input_img, decoded)
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
autoencoder.summary()

# %%
autoencoder.fit(x_train_noisy, x_train, epochs=2, batch_size=128, shuffle=True,
                validation_data=(x_test_noisy, x_test), verbose=2)

# %%
denoised = autoencoder.predict(x_test_noisy[:10], verbose=0)
print("MSE noisy vs clean:", float(np.mean((x_test_noisy[:10] - x_test[:10]) ** 2)))
print("MSE denoised vs clean:", float(np.mean((denoised - x_test[:10]) ** 2)))
