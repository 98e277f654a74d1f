# corpus: expect=model.layers.properties set=blind14
# (blind 2026-12-07) The spam classifier ends in Dense(2, activation="sigmoid") with binary_crossentropy and 0/1 labels of shape (N,1), i.e. the output layer has the wrong number of units for a binary target; in Keras 3 fit raises "ValueError: Arguments `target` and `output` must have the same shape. Received: target.shape=(None, 1), output.shape=(None, 2)" (older Keras silently broadcast it). https://ostack.cn/qa/?qa=721288%2F&show=721289
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)

# %%
n, vocab, seq = 3000, 500, 30
tokens = np.random.randint(1, vocab, size=(n, seq))
spam_words = np.arange(1, 25)
y = np.isin(tokens, spam_words).sum(1) >= 2
y = y.astype("float32").reshape(-1, 1)
print("spam rate:", y.mean())

# %%
model = keras.Sequential([
    keras.Input(shape=(seq,), dtype="int32"),
    layers.Embedding(vocab, 16),
    layers.GlobalAveragePooling1D(),
    layers.Dense(16, activation="relu"),
    layers.Dense(2, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(tokens[:2500], y[:2500], epochs=6, batch_size=64, verbose=0)

# %%
probs = model.predict(tokens[2500:], verbose=0)
print("prediction shape:", probs.shape)
print("evaluate:", model.evaluate(tokens[2500:], y[2500:], verbose=0))
