# corpus: correct
# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
vocab, seq_len = 200, 15
tokens = rng.integers(1, vocab, size=(400, seq_len))
labels = ((tokens < 60).sum(axis=1) > (tokens > 140).sum(axis=1)).astype("int32")

model = keras.Sequential([
    keras.Input(shape=(seq_len,)),
    layers.Embedding(vocab, 16),
    layers.GlobalAveragePooling1D(),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# %%
model.fit(tokens[:320], labels[:320], validation_data=(tokens[320:], labels[320:]),
          epochs=3, batch_size=32, verbose=0)
