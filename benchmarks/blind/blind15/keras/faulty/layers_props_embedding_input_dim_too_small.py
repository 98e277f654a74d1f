# corpus: expect=model.layers.properties set=blind15
# (blind 2026-12-07) Word ids run from 1 to vocab_size (0 is padding) but the Embedding is created with input_dim=vocab_size, so the largest id is out of range and on CPU the lookup raises "indices[...] = <vocab_size> is not in [0, vocab_size)". https://github.com/TannerGilbert/Tutorials/issues/1
# %%
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(5)
words = [f"w{i}" for i in range(300)]
sentences = [" ".join(rng.choice(words, size=rng.integers(4, 15))) for _ in range(400)]
sentiment = rng.integers(0, 2, 400)

# %%
word_index = {}
for s in sentences:
    for tok in s.split():
        word_index.setdefault(tok, len(word_index) + 1)
vocab_size = len(word_index)
MAXLEN = 15

def encode(s):
    ids = [word_index[t] for t in s.split()][:MAXLEN]
    return ids + [0] * (MAXLEN - len(ids))

X = np.array([encode(s) for s in sentences])
print("vocab_size:", vocab_size, "max id:", X.max())

# %%
model = keras.Sequential([
    keras.Input(shape=(MAXLEN,)),
    layers.Embedding(input_dim=vocab_size, output_dim=16),
    layers.GlobalAveragePooling1D(),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, sentiment, epochs=3, batch_size=32, verbose=2)
