# %%
import numpy as np
import keras
from keras import layers

X = np.zeros((12, 4), dtype="float32")
y = np.arange(12) % 3 + 1
clf = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation="softmax")])
clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

# %%
clf.fit(X, y - 1, epochs=1, verbose=0)
