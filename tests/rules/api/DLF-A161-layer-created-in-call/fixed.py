# %%
import keras
import numpy as np

# %%
class Projector(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = keras.layers.Dense(8, activation="tanh")  # dlfault-fix

    def call(self, feats):
        return self.dense(feats)


block = Projector()
