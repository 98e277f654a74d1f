# %%
import numpy as np
import keras
from keras import layers

X = np.zeros((12, 4), dtype="float32")
y = np.arange(12) % 4  # labels 0..3: one class too many
clf = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation="softmax")])
clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

# %%
clf.fit(X, y, epochs=1, verbose=0)  # expect: DLF-E108
