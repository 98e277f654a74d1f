# %%
import numpy as np
import keras
from keras import layers

features = np.zeros((16, 5), dtype="float32")
target = np.linspace(0, 1, 16, dtype="float32")
reg = keras.Sequential([
    keras.Input(shape=(5,)),   # first layer, when 5 features are right  dlfault-fix
    layers.Dense(4, activation="relu"), layers.Dense(1)])
reg.compile(optimizer="adam", loss="mse")

# %%
reg.fit(features, target, epochs=1, verbose=0)

# %%
images = np.zeros((16, 4, 4), dtype="float32")
labels = np.arange(16) % 3
flat = keras.Sequential([keras.Input((16,)), layers.Dense(3, activation="softmax")])
flat.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
images = images.reshape(len(images), -1)        # (4, 4) -> (16,)  dlfault-fix
flat.fit(images, labels, epochs=1, verbose=0)
