# %%
import numpy as np
import keras
from keras import layers

X = np.zeros((12, 4), dtype="float32")
y = np.arange(12) % 4  # labels 0..3
clf = keras.Sequential([keras.Input((4,)),
                        layers.Dense(4, activation="softmax")])   # last layer: one unit per class  dlfault-fix
clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

# %%
clf.fit(X, y, epochs=1, verbose=0)
