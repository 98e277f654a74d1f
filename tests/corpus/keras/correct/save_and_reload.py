# corpus: correct
# %%
import os
import tempfile
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(0)
X = rng.normal(size=(300, 6)).astype("float32")
y = rng.integers(0, 3, 300)
model = keras.Sequential([keras.Input(shape=(6,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=2, batch_size=32, verbose=0)

# %%
path = os.path.join(tempfile.mkdtemp(), "model.keras")
model.save(path)
reloaded = keras.models.load_model(path)
print("same predictions:", np.allclose(model.predict(X[:10], verbose=0),
                                       reloaded.predict(X[:10], verbose=0)))
