# %%
import keras
import numpy as np

rng = np.random.default_rng(8)
rows = rng.normal(size=(80, 6)).astype("float32")
label = (rows[:, 0] > 0).astype("float32")
mlp = keras.Sequential([keras.Input((6,)), keras.layers.Dense(10, activation="relu"),
                        keras.layers.Dense(1, activation="sigmoid")])
mlp.compile(optimizer="adam", loss="binary_crossentropy")
stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=1, restore_best_weights=True)

# %%
# validated: val_loss is logged
mlp.fit(rows, label, validation_split=0.25, epochs=2, verbose=0, callbacks=[stop])

# %%
# no validation: a checkpoint that saves every epoch does not use its monitor,
# and the early stop watches the training loss
mlp.fit(rows, label, epochs=2, verbose=0,
        callbacks=[keras.callbacks.ModelCheckpoint("/tmp/dlf_t221_last.keras"),
                   keras.callbacks.EarlyStopping(monitor="loss", patience=1)])
