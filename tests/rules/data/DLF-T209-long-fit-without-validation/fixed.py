# %%
import numpy as np
import keras

rng = np.random.default_rng(0)
x_train = rng.normal(size=(64, 4)).astype("float32")
y_train = (x_train[:, 0] > 0).astype("int64")
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

# %%
EPOCHS = 30
model.fit(x_train, y_train, epochs=30, validation_split=0.2,  # dlfault-fix
          callbacks=[keras.callbacks.EarlyStopping(patience=5, restore_best_weights=True)])  # dlfault-fix
