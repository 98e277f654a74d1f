# corpus: correct set=modern area=8
# (blind 2026-12-07) EarlyStopping and ModelCheckpoint monitoring metrics that exist (val_loss/min, val_accuracy/max) with validation data supplied, best model reloaded afterwards. https://keras.io/api/callbacks/model_checkpoint/
# %%
import os
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)
x = np.random.randn(800, 10).astype("float32")
y = (x[:, :3].sum(1) > 0).astype("float32")
path = "/tmp/m8_ok_best.keras"

# %%
model = keras.Sequential([keras.Input((10,)), layers.Dense(32, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
callbacks = [
    keras.callbacks.EarlyStopping(monitor="val_loss", mode="min", patience=3, restore_best_weights=True),
    keras.callbacks.ModelCheckpoint(path, monitor="val_accuracy", mode="max", save_best_only=True),
    keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2),
]

# %%
hist = model.fit(x, y, validation_split=0.2, epochs=15, batch_size=32, callbacks=callbacks, verbose=0)
best = keras.models.load_model(path)
print("epochs", len(hist.history["loss"]), "best val:", best.evaluate(x[640:], y[640:], verbose=0))
