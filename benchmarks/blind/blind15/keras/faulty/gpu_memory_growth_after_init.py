# corpus: expect=gpu set=blind15
# (blind 2026-12-07) tf.config.experimental.set_memory_growth is called in a later cell, after the model was built and trained (the GPU runtime is already initialised); on a GPU machine this raises "RuntimeError: Physical devices cannot be modified after being initialized" (it is a silent no-op on this CPU run). https://github.com/neureal/neureal-ai-agent/issues/3
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

rng = np.random.default_rng(17)
X = rng.normal(size=(1000, 8)).astype("float32")
y = (X.sum(1) > 0).astype("float32")

# %%
model = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=3, batch_size=64, verbose=0)
print("baseline:", model.evaluate(X, y, verbose=0))

# %%
# share the GPU with the other notebook running on this box
gpus = tf.config.list_physical_devices("GPU")
for gpu in gpus:
    tf.config.experimental.set_memory_growth(gpu, True)
print("GPUs configured:", len(gpus))

# %%
bigger = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(64, activation="relu"), layers.Dense(1, activation="sigmoid")])
bigger.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
bigger.fit(X, y, epochs=3, batch_size=64, verbose=0)
print("bigger:", bigger.evaluate(X, y, verbose=0))
