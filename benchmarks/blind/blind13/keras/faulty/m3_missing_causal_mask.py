# corpus: expect=tensors.input also=training.validation set=modern area=3
# (blind 2026-12-07) In the decoder block cell the self-attention call omits use_causal_mask=True, so each position of the next-token model attends to the token it must predict; training loss collapses on random data and the model is useless for generation. https://keras.io/api/layers/attention_layers/multi_head_attention/
# %%
import numpy as np
import keras
from keras import layers, ops

keras.utils.set_random_seed(0)
V, L, N = 20, 12, 1024
seq = np.random.randint(0, V, size=(N, L + 1))     # i.i.d. tokens: next token is unpredictable
x_ids, y_ids = seq[:, :-1], seq[:, 1:]

# %%
class DecoderBlock(layers.Layer):
    def __init__(self, d, heads, **kw):
        super().__init__(**kw)
        self.att = layers.MultiHeadAttention(heads, d // heads)
        self.ffn = keras.Sequential([layers.Dense(2 * d, activation="gelu"), layers.Dense(d)])
        self.n1 = layers.LayerNormalization()
        self.n2 = layers.LayerNormalization()

    def call(self, x):
        a = self.att(x, x)
        x = self.n1(x + a)
        return self.n2(x + self.ffn(x))

inp = keras.Input((L,), dtype="int32")
h = layers.Embedding(V, 32)(inp) + layers.Embedding(L, 32)(ops.arange(L))
h = DecoderBlock(32, 4)(h)
logits = layers.Dense(V)(h)
model = keras.Model(inp, logits)
model.compile(keras.optimizers.Adam(3e-3), keras.losses.SparseCategoricalCrossentropy(from_logits=True))

# %%
hist = model.fit(x_ids, y_ids, epochs=8, batch_size=64, verbose=0)
print("final loss", round(hist.history["loss"][-1], 3), "chance", round(float(np.log(V)), 3))
