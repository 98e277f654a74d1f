# corpus: correct set=modern area=3
# (blind 2026-12-07) Keras MultiHeadAttention used correctly: positional embedding, use_causal_mask=True for the next-token decoder, and the padding mask passed with Keras' convention (True = attend). https://keras.io/api/layers/attention_layers/multi_head_attention/
# %%
import numpy as np
import keras
from keras import layers, ops

keras.utils.set_random_seed(0)
V, L, N, PAD = 20, 12, 1024, 0
seq = np.random.randint(1, V, size=(N, L + 1))
x_ids, y_ids = seq[:, :-1].copy(), seq[:, 1:].copy()
x_ids[::4, -3:] = PAD

# %%
class DecoderBlock(layers.Layer):
    def __init__(self, d, heads, **kw):
        super().__init__(**kw)
        self.att = layers.MultiHeadAttention(heads, d // heads)
        self.ffn = keras.Sequential([layers.Dense(2 * d, activation="gelu"), layers.Dense(d)])
        self.n1 = layers.LayerNormalization()
        self.n2 = layers.LayerNormalization()

    def call(self, x, keep_mask):
        attn_mask = ops.logical_and(keep_mask[:, None, :], ops.ones_like(keep_mask)[:, :, None])
        a = self.att(x, x, attention_mask=attn_mask, use_causal_mask=True)
        x = self.n1(x + a)
        return self.n2(x + self.ffn(x))

inp = keras.Input((L,), dtype="int32")
keep = ops.not_equal(inp, PAD)              # True = real token, may be attended
h = layers.Embedding(V, 32)(inp) + layers.Embedding(L, 32)(ops.arange(L))
h = DecoderBlock(32, 4)(h, keep)
logits = layers.Dense(V)(h)
model = keras.Model(inp, logits)
model.compile(keras.optimizers.Adam(3e-3), keras.losses.SparseCategoricalCrossentropy(from_logits=True))

# %%
hist = model.fit(x_ids, y_ids, epochs=4, batch_size=64, verbose=0)
print("final loss", round(hist.history["loss"][-1], 3), "chance", round(float(np.log(V - 1)), 3))
