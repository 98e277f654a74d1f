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
from sklearn.model_selection import train_test_split  # dlfault-fix
x_train_tr, x_train_val, y_train_tr, y_train_val = train_test_split(x_train, y_train, test_size=0.2,  # dlfault-fix
                                                                    random_state=0)
model.fit(x_train_tr, y_train_tr, validation_data=(x_train_val, y_train_val), epochs=1, verbose=0)  # dlfault-fix

# %%
model.fit(x_train, y_train, validation_split=0.2, epochs=1, verbose=0)
