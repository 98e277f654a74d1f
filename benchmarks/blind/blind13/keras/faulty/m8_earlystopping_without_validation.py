# corpus: expect=training.validation also=api set=modern area=8
# (blind 2026-12-07) In the fit cell EarlyStopping(monitor="val_loss", restore_best_weights=True) is used but fit() gets no validation data, so val_loss never exists: Keras only warns, training never stops early and no best weights are restored. https://github.com/ReDASers/PhishBench/issues/158
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)
x = np.random.randn(600, 10).astype("float32")
y = (x[:, 0] > 0).astype("float32")

# %%
model = keras.Sequential([keras.Input((10,)), layers.Dense(128, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
early = keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)

# %%
hist = model.fit(x, y, epochs=12, batch_size=32, callbacks=[early], verbose=0)
print("epochs run:", len(hist.history["loss"]), "keys:", list(hist.history))
