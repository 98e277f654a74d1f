# corpus: expect=training.preprocessing set=blind14
# (blind 2026-12-07) Training images are divided by 255 in the data cell, but the prediction cell feeds new uint8 images (0..255) to model.predict without the same scaling, so activations are ~255x too large relative to the learned bias and the exposure classifier predicts "over-exposed" for (almost) every image. https://scikit-learn.org/stable/common_pitfalls.html#inconsistent-preprocessing
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)

# %%
def make_batch(n, rng):
    level = rng.uniform(30, 220, n)                       # exposure of each photo
    y = (level > 125).astype("int64")                      # 1 = over-exposed
    x = level[:, None, None, None] + rng.normal(0, 20, size=(n, 20, 20, 1))
    return np.clip(x, 0, 255).astype("uint8"), y

rng = np.random.default_rng(0)
x_raw, y_train = make_batch(1500, rng)
x_train = x_raw.astype("float32") / 255.0

# %%
model = keras.Sequential([
    keras.Input(shape=(20, 20, 1)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=6, batch_size=64, validation_split=0.1, verbose=0)

# %%
x_new, y_new = make_batch(300, np.random.default_rng(1))
pred = (model.predict(x_new, verbose=0).ravel() > 0.5).astype("int64")
print("accuracy on new images:", (pred == y_new).mean(), "predicted class counts:", np.bincount(pred, minlength=2))
