# %%
import keras
import numpy as np

rng = np.random.default_rng(5)
xs = rng.normal(size=(90, 4)).astype("float32")
ys = (xs[:, 0] > 0).astype("int32")
net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                        keras.layers.Dense(2, activation="softmax")])
net.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["acc"])

# %%
# each callback watches a quantity this fit logs, in the direction it improves;
# a checkpoint that saves every epoch does not use its monitor at all
keep_all = keras.callbacks.ModelCheckpoint("/tmp/dlf_t141_every.keras", monitor="val_accuracy",
                                           mode="max")
watch = [keras.callbacks.EarlyStopping(monitor="val_acc", mode="max", patience=1),
         keras.callbacks.ReduceLROnPlateau(monitor="val_loss", mode="min", patience=1),
         keep_all]
net.fit(xs, ys, validation_split=0.2, epochs=2, verbose=0, callbacks=watch)

# %%
# no validation, and the callback watches the training loss on purpose
net.fit(xs, ys, epochs=2, verbose=0,
        callbacks=[keras.callbacks.EarlyStopping(monitor="loss", patience=1)])
