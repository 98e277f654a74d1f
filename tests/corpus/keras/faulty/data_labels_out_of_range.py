# corpus: expect=training.data_quality also=model.layers.properties
# %%
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(0)
X = rng.normal(size=(300, 5)).astype("float32")
# ratings 1..5 stars
y = rng.integers(1, 6, 300)

model = keras.Sequential([keras.Input(shape=(5,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(5, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

# %%
model.fit(X, y, epochs=2, verbose=0)
