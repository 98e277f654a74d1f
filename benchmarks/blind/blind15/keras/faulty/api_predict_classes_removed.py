# corpus: expect=api set=blind15
# (blind 2026-12-07) The inference cell (copied from an older tutorial) calls model.predict_classes(X_test), which was removed from Keras (TF >= 2.6 and Keras 3), so it raises "AttributeError: 'Sequential' object has no attribute 'predict_classes'". https://github.com/keras-team/keras/issues/17156
# %%
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(19)
X = rng.normal(size=(900, 10)).astype("float32")
y = np.digitize(X[:, 0] + X[:, 1], [-1.0, 1.0])
X_train, X_test, y_train, y_test = X[:750], X[750:], y[:750], y[750:]

# %%
model = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=5, batch_size=32, verbose=0)
print(model.evaluate(X_test, y_test, verbose=0))

# %%
y_pred = model.predict_classes(X_test)
print("accuracy:", (y_pred == y_test).mean())
