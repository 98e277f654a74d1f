# corpus: expect=tensors.input also=training.process set=modern area=3
# (blind 2026-12-07) In the model cell the attention_mask passed to keras.layers.MultiHeadAttention is True at PADDING positions (PyTorch key_padding_mask convention), but Keras uses 1/True = "may attend", so every query attends only to the padding. https://github.com/tensorflow/tensorflow/issues/49237
# %%
import numpy as np
import keras
from keras import layers, ops

keras.utils.set_random_seed(0)
PAD, VOCAB, L, N = 0, 40, 16, 1024
lengths = np.random.randint(3, L + 1, size=N)
tokens = np.random.randint(1, VOCAB, size=(N, L))
for i, n in enumerate(lengths):
    tokens[i, n:] = PAD
y = (np.array([np.sum(t[t > 0] > VOCAB // 2) for t in tokens]) > lengths / 2).astype("float32")

# %%
inp = keras.Input((L,), dtype="int32")
x = layers.Embedding(VOCAB, 32)(inp)
x = x + layers.Embedding(L, 32)(ops.arange(L))
pad_mask = ops.equal(inp, PAD)                                   # True where padded
attn_mask = ops.logical_and(pad_mask[:, None, :], ops.ones((1, L, 1), dtype="bool"))   # (B, T, S)
h = layers.MultiHeadAttention(num_heads=4, key_dim=8)(x, x, attention_mask=attn_mask)
h = layers.LayerNormalization()(x + h)
h = layers.GlobalAveragePooling1D()(h)
out = layers.Dense(1, activation="sigmoid")(h)
model = keras.Model(inp, out)
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])

# %%
hist = model.fit(tokens, y, epochs=6, batch_size=64, validation_split=0.2, verbose=0)
print({k: round(float(v[-1]), 3) for k, v in hist.history.items()})
