# corpus: correct
# %%
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(0)
X = rng.normal(size=(450, 10)).astype("float32")
labels = rng.integers(0, 5, 450)
X[np.arange(450), labels] += 2
Y = keras.utils.to_categorical(labels, num_classes=5)
print(Y.shape)

# %%
model = keras.Sequential([
    keras.Input(shape=(10,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(5, activation="softmax"),
])
model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(X, Y, epochs=3, batch_size=32, validation_split=0.1, verbose=0)
