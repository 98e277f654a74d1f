# %%
import keras
import numpy as np

# %%
model = keras.Sequential([
    keras.Input((8,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(3, name="out"),
])
model.compile(optimizer="adam",
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])

# %%
clf = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
clf.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(), metrics=["accuracy"])
