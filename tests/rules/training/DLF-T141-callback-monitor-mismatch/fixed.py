# %%
import keras
import numpy as np

rng = np.random.default_rng(3)
feats = rng.normal(size=(96, 5)).astype("float32")
target = (feats[:, 1] - feats[:, 2] > 0).astype("float32")
clf = keras.Sequential([keras.Input((5,)), keras.layers.Dense(8, activation="relu"),
                        keras.layers.Dense(1, activation="sigmoid")])
clf.compile(optimizer="adam", loss="binary_crossentropy",
            metrics=[keras.metrics.AUC(name="roc_auc")])

# %%
stopper = keras.callbacks.EarlyStopping(monitor="val_roc_auc", mode="max", patience=1)  # dlfault-fix
clf.fit(feats[:64], target[:64], validation_data=(feats[64:], target[64:]), epochs=2,
        verbose=0, callbacks=[stopper])
