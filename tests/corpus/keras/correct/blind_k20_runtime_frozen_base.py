# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(20)

# %%
base = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(16, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.GlobalAveragePooling2D(),
], name="pretrained_base")
base.trainable = False

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Rescaling(1. / 127.5, offset=-1),
    base,
    layers.Dense(32, activation="relu"),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
print(len(model.trainable_weights), "trainable tensors;", len(model.non_trainable_weights), "frozen")

# %%
x = np.random.randint(0, 256, (450, 32, 32, 3)).astype("float32")
y = np.random.randint(0, 3, 450)
x[y == 1, :, :, 0] *= 0.5

# %%
%%dlcheck
model.fit(x[:400], y[:400], epochs=3, batch_size=32, validation_data=(x[400:], y[400:]), verbose=2)
