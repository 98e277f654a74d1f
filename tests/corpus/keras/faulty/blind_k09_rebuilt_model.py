# corpus: expect=training.process also=model.type
# (blind probe, 2026-12-06) after training, the notebook calls build_model() again (re-running the "model" cell) and evaluates the fresh untrained model, cell 5
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(9)

# %%
rng = np.random.default_rng(9)
X = rng.random((600, 28, 28, 1)).astype("float32")
y = rng.integers(0, 10, 600)
X += (y[:, None, None, None] % 5) * 0.15
x_train, x_test, y_train, y_test = X[:500], X[500:], y[:500], y[500:]

# %%
def build_model():
    m = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
    m.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return m

model = build_model()

# %%
model.fit(x_train, y_train, epochs=2, batch_size=64, verbose=2)

# %%
model.save_weights("/tmp/k09_cnn.weights.h5")

# %%
model = build_model()
test_loss, test_acc = model.evaluate(x_test, y_test, verbose=0)
print("Test accuracy:", test_acc)
