# %%
import keras
import numpy as np

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
vocab, maxlen = 2000, 40
seqs = rng.integers(1, vocab, (300, maxlen))
seqs[:, :10] = 0                                   # pre-padding, as pad_sequences does
labels = rng.integers(0, 2, 300)
X = seqs.reshape(-1, maxlen, 1).astype("float32")  # indices as one numeric feature

# %%
model = keras.Sequential([  # dlfault-fix
    keras.Input(shape=(40,), dtype="int32"),  # dlfault-fix
    keras.layers.Embedding(input_dim=2000, output_dim=64, mask_zero=True),  # dlfault-fix
    keras.layers.LSTM(16),  # dlfault-fix
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X.reshape(len(X), 40).astype("int32"), labels, epochs=1, batch_size=64, verbose=0)
