# corpus: expect=training.preprocessing set=state
# Text classifier with a hand-made vocabulary. The vocabulary (word_index) is built from the
# corpus as first loaded. The user then edits the loading cell to clean the text (punctuation
# stripped, lowercased) and re-runs it and the encoding cell, but not the vocabulary cell.
# Most cleaned tokens ("great" vs "Great!") are not in the stale vocabulary and become OOV.
# Sources: 0539edu.com/news/596753 (stale state after editing a cell); github.com/jupyterlab/
# jupyterlab/issues/17766 (outputs not reproducible from a linear run); Pimentel et al. MSR 2019.
# %%
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import re
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(3)
rng = np.random.default_rng(3)
pos = ["Great", "Loved", "Excellent", "Wonderful", "Fantastic"]
neg = ["Awful", "Hated", "Terrible", "Boring", "Horrible"]
filler = ["the", "movie", "plot", "acting", "was", "and", "really", "film"]
def review(lab):
    words = list(rng.choice(filler, 6)) + [rng.choice(pos if lab else neg) + rng.choice(["!", ".", ""])]
    rng.shuffle(words)
    return " ".join(words)
y = rng.integers(0, 2, 1000)
texts = [review(l) for l in y]

# %% vocabulary
from collections import Counter
counts = Counter(w for t in texts for w in t.split())
word_index = {w: i + 2 for i, (w, _) in enumerate(counts.most_common())}  # 0 pad, 1 OOV
print(len(word_index), "words")

# %% load texts (edited: clean punctuation and case)
texts = [re.sub(r"[^a-z ]", "", t.lower()) for t in texts]

# %% encode
MAXLEN = 8
def encode(t):
    ids = [word_index.get(w, 1) for w in t.split()][:MAXLEN]
    return ids + [0] * (MAXLEN - len(ids))
X = np.array([encode(t) for t in texts])
print("OOV share:", (X == 1).sum() / (X > 0).sum())

# %% model
model = keras.Sequential([
    keras.Input((MAXLEN,)),
    layers.Embedding(len(word_index) + 2, 16),
    layers.GlobalAveragePooling1D(),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X[:800], y[:800], validation_data=(X[800:], y[800:]), epochs=10, verbose=0)
print(model.evaluate(X[800:], y[800:], verbose=0))
