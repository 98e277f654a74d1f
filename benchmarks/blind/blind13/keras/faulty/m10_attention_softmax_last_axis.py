# corpus: expect=tensors.shape set=modern area=10
# (blind 2026-12-07) In the custom attention-pooling layer cell the scores have shape (batch, time, 1) and keras.ops.softmax is applied with the default axis=-1, i.e. over the singleton axis, so every weight is 1.0 and the "attention" is a plain sum. https://stackoverflow.com/questions/62948332/how-to-add-attention-layer-to-a-bi-lstm
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
        self.w = self.add_weight(shape=(input_shape[-1], 1), initializer="glorot_uniform")

    def call(self, h):
        scores = ops.matmul(h, self.w)          # (B, T, 1)
        weights = ops.softmax(scores)           # default axis=-1
        self.add_loss(0.0 * ops.sum(weights))
        return ops.sum(weights * h, axis=1)

inp = keras.Input((T, F))
h = layers.LSTM(32, return_sequences=True)(inp)
pooled = AttentionPool()(h)
model = keras.Model(inp, layers.Dense(1, activation="sigmoid")(pooled))
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])

# %%
probe = AttentionPool()
probe.build((None, T, 32))
print("weights of one sample sum to", float(ops.sum(ops.softmax(ops.matmul(np.random.randn(1, T, 32).astype("float32"), probe.w)))))
hist = model.fit(x, y, epochs=4, batch_size=64, validation_split=0.2, verbose=0)
print("val_acc", round(hist.history["val_accuracy"][-1], 3))
