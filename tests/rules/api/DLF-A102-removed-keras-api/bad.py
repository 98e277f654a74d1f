# %%
import keras
import numpy as np

X = np.random.default_rng(0).normal(size=(16, 6)).astype("float32")
model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3, activation="softmax")])

# %%
classes = model.predict_classes(X)  # expect: DLF-A102

# %%
from keras.layers.core import Dense, Dropout  # expect: DLF-A102

# %%
from keras.utils import np_utils  # expect: DLF-A102

# %%
from tensorflow.keras.optimizers import adam  # expect: DLF-A102

# %%
hidden = keras.layers.Dense(8, init="uniform", activation="relu")  # expect: DLF-A102
