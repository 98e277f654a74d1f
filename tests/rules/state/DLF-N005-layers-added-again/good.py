# The model is created and given its layers in one cell: running it again rebuilds it.
# %%
import keras
from keras import layers

# %%
model = keras.Sequential([keras.Input(shape=(8,))])
model.add(layers.Dense(16, activation="relu"))
model.add(layers.Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# %%
model = keras.Sequential([keras.Input(shape=(8,))])
model.add(layers.Dense(16, activation="relu"))
model.add(layers.Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# %%
model.summary()

# %%
model.summary()
