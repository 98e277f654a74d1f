# corpus: expect=training.validation also=training.preprocessing set=modern area=7
# (blind 2026-12-07) In the vectorizer cell TextVectorization.adapt() is run on train + test texts, so words that occur only in the test set get vocabulary ids (no OOV) and the test vocabulary leaks into preprocessing. https://keras.io/examples/nlp/text_classification_from_scratch/
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(0)
rng = np.random.RandomState(0)
pos, neg = ["great", "good", "love", "fine"], ["bad", "awful", "hate", "poor"]
test_only = ["superb", "dreadful"]
def make(n, words_p, words_n):
    texts, labels = [], []
    for _ in range(n):
        lab = rng.randint(2)
        words = list(rng.choice(words_p if lab else words_n, 3)) + list(rng.choice(["the", "movie", "was", "plot"], 3))
        rng.shuffle(words); texts.append(" ".join(words)); labels.append(lab)
    return np.array(texts), np.array(labels, dtype="float32")
train_texts, train_labels = make(800, pos, neg)
test_texts, test_labels = make(200, pos + ["superb"], neg + ["dreadful"])

# %%
vectorizer = layers.TextVectorization(max_tokens=1000, output_sequence_length=8)
vectorizer.adapt(np.concatenate([train_texts, test_texts]))
print("test-only words in vocab:", [w for w in test_only if w in vectorizer.get_vocabulary()])

# %%
model = keras.Sequential([keras.Input((1,), dtype="string"), vectorizer, layers.Embedding(1000, 16),
                          layers.GlobalAveragePooling1D(), layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
train_ds = tf.data.Dataset.from_tensor_slices((tf.constant(train_texts[:, None]), train_labels)).batch(32)
test_ds = tf.data.Dataset.from_tensor_slices((tf.constant(test_texts[:, None]), test_labels)).batch(32)
model.fit(train_ds, epochs=5, verbose=0)
print("test:", model.evaluate(test_ds, verbose=0))
