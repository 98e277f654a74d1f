# corpus: correct set=modern area=10
# (blind 2026-12-07) Custom layers with weights created via add_weight in build(), attention softmax over the time axis (axis=1), and mean pooling over time with keras.ops.mean(axis=1). https://keras.io/guides/making_new_layers_and_models_via_subclassing/
# %%
import numpy as np
import keras
from keras import layers, ops

keras.utils.set_random_seed(0)
N, T, F = 1500, 30, 4
x = np.random.randn(N, T, F).astype("float32")
key_t = np.random.randint(0, T, N)
x[np.arange(N), key_t, 0] += 4.0
y = (x[np.arange(N), key_t, 1] > 0).astype("float32")

# %%
class AttentionPool(layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], 1), initializer="glorot_uniform", trainable=True)

    def call(self, h):
        scores = ops.matmul(h, self.w)               # (B, T, 1)
        weights = ops.softmax(scores, axis=1)        # over time
        return ops.sum(weights * h, axis=1)

class MeanPool(layers.Layer):
    def call(self, h):
        return ops.mean(h, axis=1)

inp = keras.Input((T, F))
h = layers.LSTM(32, return_sequences=True)(inp)
pooled = layers.Concatenate()([AttentionPool()(h), MeanPool()(h)])
model = keras.Model(inp, layers.Dense(1, activation="sigmoid")(pooled))
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
print("trainable weights:", len(model.trainable_weights))

# %%
hist = model.fit(x, y, epochs=4, batch_size=64, validation_split=0.2, verbose=0)
print("val_acc", round(hist.history["val_accuracy"][-1], 3))
