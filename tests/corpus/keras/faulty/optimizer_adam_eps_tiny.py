# corpus: expect=training.optimizer
# %%
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(0)
X = rng.normal(size=(400, 10)).astype("float32")
y = (X[:, 0] > 0).astype("float32")

model = keras.Sequential([keras.Input(shape=(10,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3, epsilon=1e-30),
              loss="binary_crossentropy", metrics=["accuracy"])

# %%
model.fit(X, y, epochs=3, batch_size=32, verbose=0)
