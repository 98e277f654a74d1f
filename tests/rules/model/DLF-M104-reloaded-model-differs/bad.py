# %%
import os
import tempfile

import keras
import numpy as np

keras.utils.set_random_seed(0)   # the weights too: the numbers of the report are stable
X = np.random.default_rng(0).normal(size=(16, 4)).astype("float32")


@keras.saving.register_keras_serializable(package="dlf_m104_bad")
class Scale(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.factor = 1.0            # plain attribute: not part of the saved model

    def call(self, x):
        return x * self.factor


model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2), Scale()])
model.layers[-1].factor = 3.0
path = os.path.join(tempfile.mkdtemp(), "model.keras")

# %%
model.save(path)
restored = keras.models.load_model(path)  # expect: DLF-M104
