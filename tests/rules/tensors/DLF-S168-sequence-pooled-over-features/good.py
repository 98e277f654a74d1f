# %%
import keras
from keras import layers, ops

# %% time pooling on axis 1; a per-position score (reduced features) used as attention
class TimeMean(layers.Layer):
    def call(self, h):
        return ops.mean(h, axis=1)


tok = keras.Input((10,), dtype="int32")
e = layers.Embedding(40, 6)(tok)
clf = keras.Model(tok, layers.Dense(1, activation="sigmoid")(TimeMean()(e)))
