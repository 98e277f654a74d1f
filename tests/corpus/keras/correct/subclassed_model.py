# corpus: correct
# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers


class Classifier(keras.Model):
    def __init__(self, n_classes):
        super().__init__()
        self.hidden = layers.Dense(32, activation="relu")
        self.drop = layers.Dropout(0.2)
        self.out = layers.Dense(n_classes, activation="softmax")

    def call(self, x, training=False):
        x = self.hidden(x)
        x = self.drop(x, training=training)
        return self.out(x)


rng = np.random.default_rng(0)
X = rng.normal(size=(400, 10)).astype("float32")
y = rng.integers(0, 3, 400)
X[np.arange(400), y] += 2

# %%
model = Classifier(3)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=3, batch_size=32, verbose=0)
print(model.evaluate(X, y, verbose=0))
