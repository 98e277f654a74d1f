# corpus: correct set=modern area=7
# (blind 2026-12-07) Keras 3 preprocessing layers used correctly: Normalization adapted on training features only, StringLookup feeding an Embedding sized with vocabulary_size() (OOV included), TextVectorization adapted on training text. https://keras.io/guides/preprocessing_layers/
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(0)
N = 800
num = (np.random.rand(N, 3) * [255, 5000, 1]).astype("float32")
vocab = ["red", "green", "blue", "yellow", "black"]
color = np.random.choice(vocab, size=(N, 1))
y = ((num[:, 0] / 255 > 0.5) ^ np.isin(color[:, 0], ["red", "yellow"])).astype("float32")
tr, te = slice(0, 640), slice(640, N)

# %%
norm = layers.Normalization()
norm.adapt(num[tr])
lookup = layers.StringLookup(vocabulary=vocab)

# %%
in_num = keras.Input((3,))
in_col = keras.Input((1,), dtype="string")
e = layers.Flatten()(layers.Embedding(lookup.vocabulary_size(), 4)(lookup(in_col)))
h = layers.Concatenate()([norm(in_num), e])
h = layers.Dense(32, activation="relu")(h)
model = keras.Model([in_num, in_col], layers.Dense(1, activation="sigmoid")(h))
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
make_ds = lambda s: tf.data.Dataset.from_tensor_slices(((num[s], tf.constant(color[s])), y[s])).batch(32)
model.fit(make_ds(tr), epochs=15, verbose=0)
print("test:", model.evaluate(make_ds(te), verbose=0))
