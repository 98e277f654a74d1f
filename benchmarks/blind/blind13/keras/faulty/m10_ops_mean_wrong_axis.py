# corpus: expect=tensors.shape set=modern area=10
# (blind 2026-12-07) In the custom pooling layer cell keras.ops.mean(x, axis=-1) averages over the feature axis instead of the time axis (axis=1), so the layer returns one number per time step and the classifier sees per-position averages of random embedding features. https://keras.io/api/ops/numpy/#mean-function
# %%
import numpy as np
import keras
from keras import layers, ops

keras.utils.set_random_seed(0)
V, L, N = 50, 20, 2000
x = np.random.randint(1, V, size=(N, L))
y = (np.isin(x, [3, 7, 11]).sum(1) >= 2).astype("float32")

# %%
class MeanPool(layers.Layer):
    def call(self, x):
        return ops.mean(x, axis=-1)

inp = keras.Input((L,), dtype="int32")
h = layers.Embedding(V, 32)(inp)
h = MeanPool()(h)
out = layers.Dense(1, activation="sigmoid")(layers.Dense(32, activation="relu")(h))
model = keras.Model(inp, out)
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
print("pooled shape:", h.shape)

# %%
hist = model.fit(x, y, epochs=6, batch_size=64, validation_split=0.2, verbose=0)
print("val_acc", round(hist.history["val_accuracy"][-1], 3), "majority", round(float(max(y.mean(), 1 - y.mean())), 3))
