# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(19)

# %%
# MNIST-like: digits drawn as noisy blobs whose position depends on the class
n = 1200
y = np.random.randint(0, 10, n)
x = np.random.rand(n, 28, 28).astype("float32") * 0.3
for i, c in enumerate(y):
    r, col = 2 + (c // 5) * 12, 2 + (c % 5) * 5
    x[i, r:r + 10, col:col + 4] += 0.7
x = np.expand_dims(np.clip(x, 0, 1), -1)
x_train, y_train, x_test, y_test = x[:1000], y[:1000], x[1000:], y[1000:]
print(x_train.shape, np.bincount(y_train))

# %%
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
    layers.MaxPooling2D(pool_size=(2, 2)),
    layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
    layers.MaxPooling2D(pool_size=(2, 2)),
    layers.Flatten(),
    layers.Dropout(0.5),
    layers.Dense(10, activation="softmax"),
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])

# %%
%%dlcheck
history = model.fit(x_train, y_train, batch_size=64, epochs=3, validation_split=0.1, verbose=2)

# %%
score = model.evaluate(x_test, y_test, verbose=0)
print("Test loss:", score[0], "Test accuracy:", score[1])
