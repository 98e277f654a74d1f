# corpus: expect=model.layers.properties also=tensors.input set=modern area=7
# (blind 2026-12-07) In the model cell the Embedding's input_dim is len(vocab), but StringLookup reserves index 0 for the OOV token, so the largest index equals len(vocab) and is out of range for the embedding table (crash on CPU). https://keras.io/api/layers/preprocessing_layers/categorical/string_lookup/
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(0)
vocab = ["red", "green", "blue", "yellow", "black"]
colors = np.random.choice(vocab, size=(500, 1))
y = np.isin(colors[:, 0], ["red", "yellow"]).astype("float32")

# %%
lookup = layers.StringLookup(vocabulary=vocab)
print("index of 'black':", int(np.asarray(lookup(["black"]))[0]), "vocab size incl. OOV:", lookup.vocabulary_size())

# %%
inp = keras.Input((1,), dtype="string")
idx = lookup(inp)
emb = layers.Embedding(input_dim=len(vocab), output_dim=4)(idx)
out = layers.Dense(1, activation="sigmoid")(layers.Flatten()(emb))
model = keras.Model(inp, out)
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
ds = tf.data.Dataset.from_tensor_slices((tf.constant(colors), y)).batch(32)
model.fit(ds, epochs=3, verbose=0)
print(model.evaluate(ds, verbose=0))
