# %%
import os
import tempfile

import keras
import numpy as np

X = np.random.default_rng(0).normal(size=(16, 4)).astype("float32")


@keras.saving.register_keras_serializable(package="dlf_m104_fixed")
class Scale(keras.layers.Layer):
    def __init__(self, factor=1.0, **kwargs):  # dlfault-fix
        super().__init__(**kwargs)  # dlfault-fix
        self.factor = factor                      # constructor argument ...  dlfault-fix

    def call(self, x):
        return x * self.factor

    def get_config(self):  # dlfault-fix
        return {**super().get_config(), "factor": self.factor}   # ... saved in the config  dlfault-fix


model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2), Scale()])
model.layers[-1].factor = 3.0
path = os.path.join(tempfile.mkdtemp(), "model.keras")

# %%
model.save(path)
restored = keras.models.load_model(path)
