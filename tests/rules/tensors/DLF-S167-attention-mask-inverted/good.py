# %%
import numpy as np
import keras
from keras import layers, ops

# %% Keras convention: True = may attend
ids = keras.Input((7,), dtype="int32")
emb = layers.Embedding(25, 8)(ids)
real = ops.greater(ids, 0)
att = layers.MultiHeadAttention(2, 4)(emb, emb, attention_mask=real[:, None, :])
pad = ops.equal(ids, 0)
att2 = layers.MultiHeadAttention(2, 4)(att, att, attention_mask=ops.logical_not(pad)[:, None, :])
enc = keras.Model(ids, att2)
