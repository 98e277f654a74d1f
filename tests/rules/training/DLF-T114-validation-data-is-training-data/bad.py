# %%
import keras
import numpy as np

rng = np.random.default_rng(0)
x_train = rng.normal(size=(64, 4)).astype("float32")
y_train = (x_train[:, 0] > 0).astype("float32")
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# %%
model.fit(x_train, y_train, validation_data=(x_train, y_train), epochs=1, verbose=0)  # expect: DLF-T114

# %%
model.fit(x_train, y_train, validation_data=(x_train[:16], y_train[:16]),  # expect: DLF-T114
          epochs=1, verbose=0)
