# corpus: expect=training.process also=training.validation set=modern area=2
# (blind 2026-12-07) In the model cell the subclassed keras.Model's call() ignores the training argument and hard-codes self.dropout(x, training=True), so dropout is also active in evaluate()/predict() and predictions are noisy and non-deterministic. https://keras.io/guides/making_new_layers_and_models_via_subclassing/#privileged-training-argument-in-the-call-method
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
        self.dropout = layers.Dropout(0.5)
        self.d2 = layers.Dense(64, activation="relu")
        self.out = layers.Dense(1, activation="sigmoid")

    def call(self, inputs):
        x = self.d1(inputs)
        x = self.dropout(x, training=True)  # make sure dropout is applied
        x = self.d2(x)
        return self.out(x)

model = MLP()
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# %%
model.fit(x[:1000], y[:1000], epochs=5, batch_size=32, verbose=0)
print("eval 1:", model.evaluate(x[1000:], y[1000:], verbose=0))
print("eval 2:", model.evaluate(x[1000:], y[1000:], verbose=0))
p1 = model.predict(x[1000:1005], verbose=0).ravel()
p2 = model.predict(x[1000:1005], verbose=0).ravel()
print(np.round(p1, 3), np.round(p2, 3))
