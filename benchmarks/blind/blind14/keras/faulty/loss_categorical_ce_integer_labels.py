# corpus: expect=training.loss set=blind14
# (blind 2026-12-07) Integer class ids (0..9) of shape (N,1) are used with loss="categorical_crossentropy", which expects one-hot targets, so fit raises "Arguments `target` and `output` must have the same shape. Received: target.shape=(None, 1), output.shape=(None, 10)". https://stackoverflow.com/questions/61550026/valueerror-shapes-none-1-and-none-3-are-incompatible
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)

# %%
x_train = np.random.randint(0, 256, size=(1000, 28, 28, 1)).astype("float32") / 255.0
y_train = np.random.randint(0, 10, size=(1000, 1))

# %%
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=2, batch_size=64, validation_split=0.1, verbose=0)
