# %%
import keras
import numpy as np

rng = np.random.default_rng(7)
rows = rng.normal(size=(72, 6)).astype("float32")
label = (rows.sum(axis=1) > 0).astype("float32")
mlp = keras.Sequential([keras.Input((6,)), keras.layers.Dense(10, activation="relu"),
                        keras.layers.Dense(1, activation="sigmoid")])
mlp.compile(optimizer="adam", loss="binary_crossentropy")

# %%
# ReduceLROnPlateau watches "val_loss" by default, and this fit has no validation data
history = mlp.fit(rows, label, epochs=2, verbose=0,  # expect: DLF-T221
                  callbacks=[keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=1)])
