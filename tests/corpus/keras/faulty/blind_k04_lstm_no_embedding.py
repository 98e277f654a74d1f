# corpus: expect=model.layers.choice
# (blind probe, 2026-12-06) integer word-index sequences are fed straight into an LSTM as a single float feature (no Embedding layer), cell 3
# %%
import numpy as np
import keras
from keras import layers
from keras.utils import pad_sequences

keras.utils.set_random_seed(4)

# %%
# synthetic IMDB-like reviews: lists of word indices, label = sentiment
vocab_size, maxlen = 2000, 40
rng = np.random.default_rng(4)
pos_words, neg_words = np.arange(10, 60), np.arange(60, 110)
def make_review(label):
    L = rng.integers(15, 40)
    words = rng.integers(110, vocab_size, L)
    k = rng.integers(2, 6)
    words[rng.choice(L, k, replace=False)] = rng.choice(pos_words if label else neg_words, k)
    return words.tolist()
labels = rng.integers(0, 2, 700)
reviews = [make_review(l) for l in labels]
X = pad_sequences(reviews, maxlen=maxlen)
X = X.reshape((-1, maxlen, 1)).astype("float32")
x_train, y_train, x_val, y_val = X[:560], labels[:560], X[560:], labels[560:]

# %%
model = keras.Sequential([
    keras.Input(shape=(maxlen, 1)),
    layers.LSTM(32),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# %%
model.fit(x_train, y_train, batch_size=32, epochs=2, validation_data=(x_val, y_val), verbose=2)
print(model.evaluate(x_val, y_val, verbose=0))
