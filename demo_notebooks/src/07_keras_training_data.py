# demo: title="Keras: loss, training and data"
# demo: expect=DLF-T101,DLF-T103|DLF-E101,DLF-T107,DLF-T109,DLF-T201
# %%
%load_ext dlfault_jupyter

# %% [markdown]
# # Keras — loss, training, data
# The *Training* branch of the taxonomy for Keras: loss and output activation that do not
# fit, label encodings, validation splits, learning rates, preprocessing. Each faulty cell
# is followed by its corrected version.

# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x = rng.normal(size=(480, 8)).astype("float32")
y = rng.integers(0, 3, 480)

def mlp(last_activation="softmax"):
    return keras.Sequential([keras.Input(shape=(8,)), layers.Dense(32, activation="relu"),
                             layers.Dense(3, activation=last_activation)])

# %% [markdown]
# ## Probabilities given to a loss that expects logits
# With `from_logits=True` the loss applies its own softmax to what is already a softmax.

# %%
model = mlp("softmax")
model.compile(optimizer="adam",
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))

# %% [markdown]
# **Fixed**: either a linear output with `from_logits=True`, or softmax with the default.

# %%
model = mlp(None)
model.compile(optimizer="adam",
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))

# %% [markdown]
# ## Integer labels with `categorical_crossentropy`
# `categorical_crossentropy` expects one-hot rows; integer class ids need the *sparse* loss.

# %% tags=["raises-exception"]
model = mlp()
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=1, verbose=0)

# %% [markdown]
# **Fixed**

# %%
model = mlp()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=1, verbose=0)

# %% [markdown]
# ## `validation_split` on data sorted by label
# Keras takes the **last** 20 % as validation set, without shuffling: here that is one
# class only.

# %%
x_sorted = np.concatenate([rng.normal(c, 1.0, size=(160, 8)) for c in range(3)]).astype("float32")
y_sorted = np.repeat(np.arange(3), 160)
model = mlp()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_sorted, y_sorted, validation_split=0.2, epochs=1, verbose=0)

# %% [markdown]
# **Fixed**: shuffle once before splitting.

# %%
order = rng.permutation(len(x_sorted))
x_shuf, y_shuf = x_sorted[order], y_sorted[order]
model = mlp()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_shuf, y_shuf, validation_split=0.2, epochs=1, verbose=0)

# %% [markdown]
# ## A learning rate far too high

# %%
model = mlp()
model.compile(optimizer=keras.optimizers.Adam(learning_rate=5.0),
              loss="sparse_categorical_crossentropy")

# %% [markdown]
# **Fixed**

# %%
model = mlp()
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
              loss="sparse_categorical_crossentropy")

# %% [markdown]
# ## Unscaled pixels

# %%
pixels = rng.integers(0, 256, size=(200, 16, 16, 1)).astype("float32")
classes = rng.integers(0, 3, 200)
cnn = keras.Sequential([keras.Input(shape=(16, 16, 1)), layers.Conv2D(8, 3, activation="relu"),
                        layers.Flatten(), layers.Dense(3, activation="softmax")])
cnn.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
cnn.fit(pixels, classes, epochs=1, verbose=0)

# %% [markdown]
# **Fixed**: scale to [0, 1].

# %%
pixels = pixels / 255.0
cnn.fit(pixels, classes, epochs=1, verbose=0)
