# %%
import keras
import numpy as np

rng = np.random.default_rng(0)
images = rng.random((32, 64)).astype("float32")   # flattened, not (8, 8, 1) images
labels = rng.integers(0, 2, size=32)

# %%
model = keras.Sequential([
    keras.Input((8, 8, 1)),
    keras.layers.Conv2D(2, 3, activation="relu"),
    keras.layers.Flatten(),
    keras.layers.Dense(2, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
images = images.reshape(len(images), 8, 8, 1)   # (64,) -> (8, 8, 1) per sample  dlfault-fix


def train(epochs=1):
    return model.fit(images, labels, epochs=epochs, verbose=0)


# %%
# functional model, width of the tabular data wrong
inp = keras.Input(shape=(10,))   # or reshape features  dlfault-fix
out = keras.layers.Dense(1, activation="sigmoid")(keras.layers.Dense(8, activation="relu")(inp))
clf = keras.Model(inp, out)
features = rng.random((32, 10)).astype("float32")


def evaluate_clf():
    return clf.predict(features, verbose=0)


# %%
history = train()
probs = evaluate_clf()
