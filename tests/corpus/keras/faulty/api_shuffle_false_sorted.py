# corpus: expect=api also=training.validation
# %%
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(1)
X = np.concatenate([rng.normal(-1, 1, size=(240, 5)), rng.normal(1, 1, size=(240, 5))]).astype("float32")
y = np.concatenate([np.zeros(240), np.ones(240)]).astype("float32")

model = keras.Sequential([keras.Input(shape=(5,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])

# %%
# keep the order reproducible
model.fit(X, y, epochs=3, batch_size=32, shuffle=False, verbose=0)
