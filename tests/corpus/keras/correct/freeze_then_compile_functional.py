# corpus: correct
# %% [markdown]
# Transfer learning with a functional model: layers frozen before compile, fine-tuned after
# a re-compile

# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
X = rng.normal(size=(400, 20)).astype("float32")
y = (X[:, :3].sum(axis=1) > 0).astype("float32")

inputs = keras.Input(shape=(20,))
h = layers.Dense(64, activation="relu", name="pre1")(inputs)
h = layers.Dense(32, activation="relu", name="pre2")(h)
backbone = keras.Model(inputs, h, name="backbone")
backbone.compile(optimizer="adam", loss="mse")

# %%
for layer in backbone.layers:
    layer.trainable = False
x_in = keras.Input(shape=(20,))
features = backbone(x_in, training=False)
out = layers.Dense(1, activation="sigmoid")(layers.Dropout(0.2)(features))
model = keras.Model(x_in, out)
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy",
              metrics=["accuracy"])
model.fit(X, y, epochs=2, batch_size=32, validation_split=0.2, verbose=0)

# %%
for layer in backbone.layers:
    layer.trainable = True
model.compile(optimizer=keras.optimizers.Adam(1e-5), loss="binary_crossentropy",
              metrics=["accuracy"])
model.fit(X, y, epochs=1, batch_size=32, validation_split=0.2, verbose=0)
