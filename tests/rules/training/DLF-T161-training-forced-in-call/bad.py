# %%
import keras
from keras import layers

# %% expect: DLF-T161
class Encoder(layers.Layer):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.norm = layers.BatchNormalization()
        self.proj = layers.Dense(12)

    def call(self, x, training=None):
        h = self.proj(x)
        return self.norm(h, training=True)     # expect: DLF-T161


enc = Encoder()
