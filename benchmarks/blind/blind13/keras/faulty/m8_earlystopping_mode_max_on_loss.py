# corpus: expect=training.process also=api set=modern area=8
# (blind 2026-12-07) In the callbacks cell EarlyStopping monitors "val_loss" with mode="max" and restore_best_weights=True, so the "best" epoch is the one with the HIGHEST validation loss: training stops as soon as the loss decreases and the worst weights are restored. https://github.com/keras-team/keras/issues/1144
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)
x = np.random.randn(800, 10).astype("float32")
y = (x[:, :3].sum(1) > 0).astype("float32")

# %%
model = keras.Sequential([keras.Input((10,)), layers.Dense(32, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
callbacks = [keras.callbacks.EarlyStopping(monitor="val_loss", mode="max", patience=2, restore_best_weights=True)]

# %%
hist = model.fit(x, y, validation_split=0.2, epochs=20, batch_size=32, callbacks=callbacks, verbose=0)
print("epochs run:", len(hist.history["loss"]), "val_loss:", [round(v, 3) for v in hist.history["val_loss"]])
print("restored model val:", model.evaluate(x[640:], y[640:], verbose=0))
