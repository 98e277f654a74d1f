# %%
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
X_train = rng.random((32, 8), dtype="float32")
y_train = np.arange(32) % 10
model = keras.Sequential([keras.Input((8,)), layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")

# %%
model.fit(X_train, y_train, epochs=1, verbose=0)  # expect: DLF-E101

# %%
# the wording of older tf.keras versions (simulated), no objects on the line
raise ValueError("Shapes (None, 1) and (None, 10) are incompatible")  # expect: DLF-E101
