# corpus: expect=model.layers.properties also=training.data_quality
# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x_train = rng.normal(size=(300, 16)).astype("float32")
y_train = rng.integers(0, 10, 300)   # 10 digit classes

# %%
model = keras.Sequential([
    keras.Input(shape=(16,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(5, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

# %%
model.fit(x_train, y_train, epochs=2, verbose=0)
