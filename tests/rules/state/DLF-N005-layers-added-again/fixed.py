# %%
import keras
from keras import layers


def build_model():  # dlfault-fix
    model = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(16, activation="relu")])  # dlfault-fix
    model.add(layers.Dense(16, activation="relu"))
    model.add(layers.Dense(1, activation="sigmoid"))
    return model  # dlfault-fix

# %%
model = build_model()      # running this cell again gives the same model  dlfault-fix

# %%
model = build_model()      # running this cell again gives the same model  dlfault-fix
