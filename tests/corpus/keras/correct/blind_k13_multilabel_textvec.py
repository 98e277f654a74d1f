# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

rng = np.random.default_rng(13)

# %%
# multi-label "paper abstracts": each text can carry several of 4 topics
topics = ["ml", "bio", "phys", "econ"]
words = {t: [f"{t}word{i}" for i in range(30)] for t in topics}
common = [f"the{i}" for i in range(50)]
def make_doc():
    tags = (rng.random(4) < 0.35).astype("float32")
    if tags.sum() == 0:
        tags[rng.integers(0, 4)] = 1.0
    toks = list(rng.choice(common, 10))
    for t, on in zip(topics, tags):
        if on:
            toks += list(rng.choice(words[t], 6))
    rng.shuffle(toks)
    return " ".join(toks), tags

docs = [make_doc() for _ in range(500)]
texts = np.array([d[0] for d in docs])
y = np.stack([d[1] for d in docs])
train_texts, test_texts = texts[:400], texts[400:]
y_train, y_test = y[:400], y[400:]
print(train_texts[0][:80], y_train[0])

# %%
vectorizer = layers.TextVectorization(max_tokens=2000, output_mode="tf_idf", ngrams=1)
vectorizer.adapt(train_texts)
X_train = vectorizer(train_texts)
X_test = vectorizer(test_texts)

# %%
model = keras.Sequential([
    keras.Input(shape=(X_train.shape[1],)),
    layers.Dense(64, activation="relu"),
    layers.Dropout(0.3),
    layers.Dense(len(topics), activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy",
              metrics=[keras.metrics.BinaryAccuracy(threshold=0.5), keras.metrics.AUC(multi_label=True)])
model.fit(X_train, y_train, epochs=3, batch_size=32, validation_split=0.1, verbose=2)

# %%
probs = model.predict(X_test, verbose=0)
pred_tags = probs > 0.5
for i in range(3):
    print([t for t, on in zip(topics, pred_tags[i]) if on], [t for t, on in zip(topics, y_test[i]) if on])
