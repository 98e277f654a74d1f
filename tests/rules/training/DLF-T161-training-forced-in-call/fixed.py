# %%
import keras
from keras import layers

# %%
class Encoder(layers.Layer):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.norm = layers.BatchNormalization()
        self.proj = layers.Dense(12)

    def call(self, x, training=None):
        h = self.proj(x)
        h = self.norm(h, training=training)  # dlfault-fix
        return h


enc = Encoder()
