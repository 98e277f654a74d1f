# %%
import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(16, activation="relu")])

# %%
model.add(layers.Dense(16, activation="relu"))
model.add(layers.Dense(1, activation="sigmoid"))

# %% expect: DLF-N005
model.add(layers.Dense(16, activation="relu"))
model.add(layers.Dense(1, activation="sigmoid"))
