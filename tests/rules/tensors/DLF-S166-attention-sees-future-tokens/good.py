# %%
import numpy as np
import keras
from keras import layers

# %% a bidirectional tagger: targets per position, not the shifted inputs
words = (np.arange(180).reshape(30, 6) * 7) % 13
tags = (words % 3).astype("int32")
src = keras.Input((6,), dtype="int32")
h = layers.Embedding(13, 8)(src)
h = layers.MultiHeadAttention(num_heads=2, key_dim=4)(h, h)
tagger = keras.Model(src, layers.Dense(3)(h))
tagger.compile(optimizer="adam",
               loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
tagger.fit(words, tags, epochs=1, verbose=0)
