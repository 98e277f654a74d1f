# %%
import numpy as np
import keras
from keras import layers, ops

# %%
BLANK = 0
words = keras.Input((9,), dtype="int32")
vec = layers.Embedding(30, 8)(words)
hide = ops.logical_not(ops.not_equal(words, BLANK))          # True at the blanks
hide = ops.expand_dims(hide, 1)
ctx_vec = layers.MultiHeadAttention(2, 4)(vec, vec, attention_mask=hide)  # expect: DLF-S167
summary = keras.Model(words, layers.GlobalMaxPooling1D()(ctx_vec))
