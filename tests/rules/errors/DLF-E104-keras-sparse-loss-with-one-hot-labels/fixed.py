# %%
import numpy as np
import keras
from keras import layers

X = np.zeros((12, 4), dtype="float32")
y_onehot = np.eye(3, dtype="float32")[np.arange(12) % 3]
clf = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation="softmax")])
clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

# %%
clf.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])  # dlfault-fix
clf.fit(X, y_onehot, epochs=1, verbose=0)
