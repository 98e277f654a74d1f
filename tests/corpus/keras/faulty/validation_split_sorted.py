# corpus: expect=training.validation also=api
# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
# data collected class by class
X = np.concatenate([rng.normal(c, 1.0, size=(160, 5)) for c in range(3)]).astype("float32")
y = np.repeat(np.arange(3), 160)

# %%
model = keras.Sequential([
    keras.Input(shape=(5,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(X, y, epochs=3, batch_size=32, validation_split=0.2, verbose=0)
print("val accuracy", history.history["val_accuracy"])
