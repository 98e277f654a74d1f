# corpus: expect=model.layers.choice set=blind14
# (blind 2026-12-07) A Dropout(0.5) layer is placed after the final Dense(4, softmax), so during training half of the class probabilities are zeroed and the rest doubled (no longer a distribution) before categorical cross-entropy, which corrupts the loss and its gradients. https://keras.io/api/layers/regularization_layers/dropout/
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
    layers.Dense(k, activation="softmax"),
    layers.Dropout(0.5),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])

# %%
hist = model.fit(X[:2000], Y[:2000], epochs=8, batch_size=64, validation_data=(X[2000:], Y[2000:]), verbose=0)
print("train loss:", [round(v, 3) for v in hist.history["loss"]])
print("val acc:", [round(v, 3) for v in hist.history["val_accuracy"]])
