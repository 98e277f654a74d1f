# corpus: expect=training.loss set=blind12
# (blind 2026-12-07) The last Dense layer has no activation (logits) but the loss is SparseCategoricalCrossentropy() with the default from_logits=False, so Keras treats the raw scores as probabilities (clipped) and training is degraded (compile cell). https://github.com/xiph/LPCNet/issues/97
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import keras
from keras import layers
keras.utils.set_random_seed(14)
X = np.random.randn(1500, 16).astype("float32")
W = np.random.randn(16, 6).astype("float32")
y = (X @ W).argmax(1)
# %%
class Classifier(keras.Model):
    def __init__(self, n_classes):
        super().__init__()
        self.d1 = layers.Dense(64, activation="relu")
        self.out = layers.Dense(n_classes)
    def call(self, x):
        return self.out(self.d1(x))
clf = Classifier(6)
clf.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["sparse_categorical_accuracy"])
# %%
h = clf.fit(X[:1200], y[:1200], epochs=8, batch_size=64, verbose=0, validation_data=(X[1200:], y[1200:]))
print(h.history["loss"][-3:], h.history["val_sparse_categorical_accuracy"][-1])
