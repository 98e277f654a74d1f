# %%
import keras
import numpy as np

X = np.random.default_rng(0).normal(size=(16, 6)).astype("float32")
model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3, activation="softmax")])

# %%
model.predict(X).argmax(axis=-1)  # dlfault-fix

# %%
# instead of: from keras.layers.core import Dense, Dropout
# use `from keras.layers import Dense, Dropout, Flatten, Activation`

# %%
# instead of: from keras.utils import np_utils
# use `from keras.utils import to_categorical`

# %%
# instead of: from tensorflow.keras.optimizers import adam
# use `from tensorflow.keras.optimizers import Adam` (capitalised)

# %%
keras.layers.Dense(8, kernel_initializer="uniform", activation="relu")  # dlfault-fix
