# corpus: correct set=modern area=2
# (blind 2026-12-07) Subclassed keras.Model done right: layers built in __init__, call(inputs, training=None) forwards training to Dropout/BatchNorm, logits output with from_logits=True. https://keras.io/guides/making_new_layers_and_models_via_subclassing/
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)
x = np.random.randn(1200, 10).astype("float32")
y = (x[:, 0] + x[:, 1] ** 2 > 1).astype("float32")

# %%
class MLP(keras.Model):
    def __init__(self):
        super().__init__()
        self.d1 = layers.Dense(64, activation="relu")
        self.bn = layers.BatchNormalization()
        self.dropout = layers.Dropout(0.3)
        self.d2 = layers.Dense(64, activation="relu")
        self.out = layers.Dense(1)

    def call(self, inputs, training=None):
        x = self.d1(inputs)
        x = self.bn(x, training=training)
        x = self.dropout(x, training=training)
        return self.out(self.d2(x))

model = MLP()
model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True),
              metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)])

# %%
model.fit(x[:1000], y[:1000], epochs=5, batch_size=32, verbose=0)
print("eval:", model.evaluate(x[1000:], y[1000:], verbose=0))
p1 = model.predict(x[1000:1005], verbose=0).ravel()
p2 = model.predict(x[1000:1005], verbose=0).ravel()
print("deterministic:", np.allclose(p1, p2))
