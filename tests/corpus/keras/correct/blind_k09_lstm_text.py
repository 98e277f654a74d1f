# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.preprocessing.sequence import pad_sequences

max_features = 2000  # vocabulary size
maxlen = 60          # cut reviews after 60 words

# %%
# IMDB-like: lists of word indices with variable length, labels 0/1
rng = np.random.default_rng(3)
def fake_reviews(n):
    seqs, labels = [], []
    for _ in range(n):
        lab = int(rng.integers(0, 2))
        length = int(rng.integers(10, 120))
        lo, hi = (2, 1200) if lab == 0 else (800, max_features)
        seqs.append(rng.integers(lo, hi, size=length).tolist())
        labels.append(lab)
    return seqs, np.array(labels)

x_train, y_train = fake_reviews(500)
x_val, y_val = fake_reviews(100)
print(len(x_train), "training sequences;", len(x_val), "validation sequences")
x_train = pad_sequences(x_train, maxlen=maxlen)
x_val = pad_sequences(x_val, maxlen=maxlen)
print(x_train.shape)

# %%
inputs = keras.Input(shape=(None,), dtype="int32")
x = layers.Embedding(max_features, 32)(inputs)
x = layers.Bidirectional(layers.LSTM(32, return_sequences=True))(x)
x = layers.Bidirectional(layers.LSTM(32))(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.summary()

# %%
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=32, epochs=2, validation_data=(x_val, y_val))

# %%
probs = model.predict(x_val[:8], verbose=0).ravel()
print(np.round(probs, 2), y_val[:8])
