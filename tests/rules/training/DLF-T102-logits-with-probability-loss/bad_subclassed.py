# %%
import numpy as np
import keras

rng = np.random.default_rng(3)
pts = rng.normal(size=(128, 5)).astype("float32")
is_pos = (pts.sum(axis=1) > 0).astype("float32")


# %%
class Scorer(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(12, activation="tanh")
        self.drop = keras.layers.Dropout(0.1)
        self.score = keras.layers.Dense(1)

    def call(self, inputs, training=False):
        h = self.hidden(inputs)
        h = self.drop(h, training=training)
        return self.score(h)


# %% expect: DLF-T102
net = Scorer()
net.compile(optimizer="sgd", loss="binary_crossentropy")
net.fit(pts, is_pos, epochs=1, batch_size=32, verbose=0)
