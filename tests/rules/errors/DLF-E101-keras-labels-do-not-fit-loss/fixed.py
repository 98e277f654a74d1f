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
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])  # dlfault-fix
model.fit(X_train, y_train, epochs=1, verbose=0)

# %%
print(y_train.shape, model.output_shape)   # must fit the loss  dlfault-fix
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")   # for integer class labels  dlfault-fix
