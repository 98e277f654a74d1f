# corpus: expect=training.hyperparameters
# %%
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(0)
X = rng.normal(size=(400, 10)).astype("float32")
y = rng.integers(0, 3, 400)

model = keras.Sequential([
    keras.Input(shape=(10,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=5.0),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])

# %%
h = model.fit(X, y, epochs=3, batch_size=32, verbose=0)
print(h.history["loss"])
