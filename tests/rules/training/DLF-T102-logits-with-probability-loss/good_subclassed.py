# %%
import numpy as np
import keras
import tensorflow as tf

rng = np.random.default_rng(3)
pts = rng.normal(size=(128, 5)).astype("float32")
kind = rng.integers(0, 3, size=128)


# %%
class Scorer(keras.Model):
    """The probabilities come from an activation function applied in call()."""

    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(12, activation="tanh")
        self.score = keras.layers.Dense(3)

    def call(self, inputs):
        z = self.score(self.hidden(inputs))
        return tf.nn.softmax(z)


class Router(keras.Model):
    """Two exits; only one is a plain Dense: the head is not known for certain."""

    def __init__(self):
        super().__init__()
        self.a = keras.layers.Dense(3)
        self.b = keras.layers.Dense(3, activation="softmax")

    def call(self, inputs, training=False):
        if training:
            return self.b(inputs)
        return self.a(inputs)


# %%
net = Scorer()
net.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
net.fit(pts, kind, epochs=1, batch_size=32, verbose=0)
other = Router()
other.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
