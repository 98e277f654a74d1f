# corpus: correct set=blind14
# (blind 2026-12-07) The CNN starts with layers.Rescaling(1/255), so both training and prediction feed raw uint8 images (0..255) and the scaling is applied identically inside the model; looks like missing normalisation at predict time but is correct. https://keras.io/guides/preprocessing_layers/
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)

# %%
def make_batch(n, rng):
    y = rng.integers(0, 3, n)
    x = rng.integers(0, 100, size=(n, 20, 20, 1)).astype("uint8")
    for c in range(3):
        x[y == c, 2 + 6 * c:6 + 6 * c, :, 0] = 250
    return x, y

x_train, y_train = make_batch(1500, np.random.default_rng(0))

# %%
model = keras.Sequential([
    keras.Input(shape=(20, 20, 1)),
    layers.Rescaling(1.0 / 255),
    layers.Conv2D(8, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=4, batch_size=64, validation_split=0.1, verbose=0)

# %%
x_new, y_new = make_batch(300, np.random.default_rng(1))
pred = model.predict(x_new, verbose=0).argmax(1)
print("accuracy on new images:", (pred == y_new).mean())
