# corpus: expect=training.loss
# (blind probe, 2026-12-06) 10-class one-hot problem compiled with loss='binary_crossentropy' (softmax output); metric 'accuracy' then becomes binary accuracy and is inflated, cell 4
# %%
import numpy as np
import keras
from keras import layers

np.random.seed(0)
keras.utils.set_random_seed(0)

# %%
num_classes = 10
rng = np.random.default_rng(0)
protos = rng.random((num_classes, 784)).astype("float32")
y_int = rng.integers(0, num_classes, 800)
X = np.clip(protos[y_int] + 0.4 * rng.standard_normal((800, 784)), 0, 1).astype("float32")
y = keras.utils.to_categorical(y_int, num_classes)
x_train, x_test, y_train, y_test = X[:600], X[600:], y[:600], y[600:]

# %%
model = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(128, activation="relu"),
    layers.Dropout(0.2),
    layers.Dense(64, activation="relu"),
    layers.Dense(num_classes, activation="softmax"),
])
model.summary()

# %%
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
history = model.fit(x_train, y_train, batch_size=64, epochs=3, validation_split=0.1, verbose=2)

# %%
score = model.evaluate(x_test, y_test, verbose=0)
print("Test loss:", score[0])
print("Test accuracy:", score[1])
