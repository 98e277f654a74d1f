# corpus: expect=training.loss also=training.preprocessing
# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x_train = rng.normal(size=(320, 8)).astype("float32")
y_train = rng.integers(0, 4, 320)      # class ids 0..3

# %%
model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=2, batch_size=32, verbose=0)
