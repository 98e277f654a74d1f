# corpus: expect=model.layers.activation also=training.loss
# %%
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(0)
x_train = rng.normal(size=(450, 12)).astype("float32")
labels = rng.integers(0, 5, 450)
y_train = keras.utils.to_categorical(labels, 5)

# %%
model = keras.Sequential([
    keras.Input(shape=(12,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(5, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=3, batch_size=32, verbose=0)
