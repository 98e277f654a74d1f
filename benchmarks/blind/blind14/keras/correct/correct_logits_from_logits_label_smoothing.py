# corpus: correct set=blind14
# (blind 2026-12-07) Last Dense layer has no activation and the loss is CategoricalCrossentropy(from_logits=True, label_smoothing=0.1) on one-hot labels; softmax is applied only to predictions afterwards, argmax over axis=1. https://keras.io/api/losses/probabilistic_losses/
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)

# %%
n, d, k = 2400, 20, 4
centers = np.random.randn(k, d) * 1.2
labels = np.random.randint(0, k, n)
X = (centers[labels] + np.random.randn(n, d)).astype("float32")
Y = keras.utils.to_categorical(labels, k)

# %%
model = keras.Sequential([
    keras.Input(shape=(d,)),
    layers.Dense(64, activation="relu"),
    layers.Dropout(0.3),
    layers.Dense(k),
])
model.compile(optimizer="adam",
              loss=keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1),
              metrics=[keras.metrics.CategoricalAccuracy()])
model.fit(X[:2000], Y[:2000], epochs=6, batch_size=64, validation_split=0.1, verbose=0)

# %%
probs = keras.ops.softmax(model.predict(X[2000:], verbose=0), axis=-1)
pred = np.argmax(np.asarray(probs), axis=1)
print("test accuracy:", (pred == labels[2000:]).mean())
