# %%
import os
import tempfile

import keras
import numpy as np

X = np.random.default_rng(0).normal(size=(16, 4)).astype("float32")


@keras.saving.register_keras_serializable(package="dlf_m104_good")
class Scale(keras.layers.Layer):
    def __init__(self, factor=1.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, x):
        return x * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2), Scale(3.0)])
path = os.path.join(tempfile.mkdtemp(), "model.keras")

# %%
model.save(path)
restored = keras.models.load_model(path)

# %%
weights = path.replace(".keras", ".weights.h5")
model.save_weights(weights)
twin = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2), Scale(3.0)])
twin.load_weights(weights)
