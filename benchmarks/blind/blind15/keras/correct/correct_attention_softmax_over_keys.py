# corpus: correct set=blind15
# (blind 2026-12-07) Hand-written dot-product attention that normalises the (batch, queries, keys) scores with keras.ops.softmax over the last axis (keys), followed by a keras MultiHeadAttention block, for a needle-in-sequence task. https://github.com/labmlai/annotated_deep_learning_paper_implementations/issues/146
# %%
import numpy as np
import keras
from keras import layers, ops

rng = np.random.default_rng(4)
SEQ, FEAT = 12, 8
X = rng.normal(size=(1200, SEQ, FEAT)).astype("float32")
key_pos = rng.integers(0, SEQ, 1200)
X[np.arange(1200), key_pos, 0] += 3.0
y = (X[np.arange(1200), key_pos, 1] > 0).astype("int32")

# %%
class DotAttention(layers.Layer):
    def __init__(self, dim, **kw):
        super().__init__(**kw)
        self.dim = dim
        self.q = layers.Dense(dim)
        self.k = layers.Dense(dim)
        self.v = layers.Dense(dim)

    def call(self, x):
        q, k, v = self.q(x), self.k(x), self.v(x)
        scores = ops.matmul(q, ops.transpose(k, (0, 2, 1))) / ops.sqrt(float(self.dim))
        weights = ops.softmax(scores, axis=-1)
        return ops.matmul(weights, v)

inp = keras.Input(shape=(SEQ, FEAT))
h = DotAttention(16)(inp)
h = layers.LayerNormalization()(h + layers.MultiHeadAttention(num_heads=2, key_dim=8)(h, h))
h = layers.GlobalAveragePooling1D()(h)
out = layers.Dense(1, activation="sigmoid")(h)
att_model = keras.Model(inp, out)
att_model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="binary_crossentropy", metrics=["accuracy"])

# %%
att_model.fit(X[:1000], y[:1000], epochs=4, batch_size=64, verbose=2)
print("test:", att_model.evaluate(X[1000:], y[1000:], verbose=0))
