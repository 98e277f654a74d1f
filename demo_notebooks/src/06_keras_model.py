# demo: title="Keras: model, layers and activations"
# demo: expect=DLF-M101,DLF-L108,DLF-L102,DLF-L104,DLF-L105|DLF-E108
# %%
%load_ext dlfault_jupyter

# %% [markdown]
# # Keras — model, layers, activations
# The *Model* branch of the taxonomy for Keras 3 / `tf.keras`. The checks read the
# compiled model (layers, activations, loss) and the data in the notebook. Each faulty cell
# is followed by its corrected version.

# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x_train = rng.normal(size=(320, 10)).astype("float32")
y_train = rng.integers(0, 4, 320)

# %% [markdown]
# ## Zero-initialised kernels
# All units of a layer start equal and stay equal: the layer has the capacity of one unit.

# %%
model = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(32, activation="relu", kernel_initializer="zeros"),
    layers.Dense(4, activation="softmax", kernel_initializer="zeros"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

# %% [markdown]
# **Fixed**: keep the default (Glorot uniform) or another random initialiser.

# %%
model = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

# %% [markdown]
# ## `Dense` layers without activations
# Without an activation a stack of `Dense` layers collapses into one linear map.

# %%
linear = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(64),
    layers.Dense(64),
    layers.Dense(4, activation="softmax"),
])
linear.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

# %% [markdown]
# **Fixed**

# %%
linear = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(4, activation="softmax"),
])
linear.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

# %% [markdown]
# ## Softmax on a single unit
# The softmax of one number is always 1.0: the model predicts the same class for everything.

# %%
y_bin = (x_train[:, 0] > 0).astype("float32")
binary = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="softmax"),
])
binary.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# %% [markdown]
# **Fixed**: a sigmoid for one unit (or two units with softmax).

# %%
binary = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
binary.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# %% [markdown]
# ## A layer after the output
# Dropout after the softmax zeroes probabilities during training and rescales the rest.

# %%
dropped = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(4, activation="softmax"),
    layers.Dropout(0.5),
])
dropped.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

# %% [markdown]
# **Fixed**: dropout belongs between hidden layers.

# %%
dropped = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(32, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(4, activation="softmax"),
])
dropped.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

# %% [markdown]
# ## Fewer output units than classes
# The labels go up to 9, the output layer has 5 units.

# %% tags=["raises-exception"]
y_digits = rng.integers(0, 10, 320)
small = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(5, activation="softmax"),
])
small.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
small.fit(x_train, y_digits, epochs=1, verbose=0)

# %% [markdown]
# **Fixed**: one output unit per class.

# %%
small = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
small.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
small.fit(x_train, y_digits, epochs=1, verbose=0)
