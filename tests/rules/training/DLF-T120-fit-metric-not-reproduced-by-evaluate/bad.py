# %%
import keras
import numpy as np

keras.utils.set_random_seed(0)   # the weights too: the numbers of the report are stable
rng = np.random.default_rng(0)
X = rng.normal(size=(96, 4)).astype("float32")
y = (X[:, 0] > 0).astype("float32")
x_train, y_train, x_val, y_val = X[:64], y[:64], X[64:], y[64:]
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.BatchNormalization(momentum=0.0),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# %%
history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=2, verbose=0)

# %%
probs = model(x_val[:4] * 50.0, training=True)    # "a quick look" in training mode

# %%
val_loss, val_acc = model.evaluate(x_val, y_val, verbose=0)  # expect: DLF-T120
