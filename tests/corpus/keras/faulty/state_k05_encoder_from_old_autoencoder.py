# corpus: expect=model.type set=state
# The encoder sub-model is created from the autoencoder's layers in its own cell. The user
# then re-runs the autoencoder-definition cell (to change nothing but reset it) and trains
# that new autoencoder. `encoder` still points at the layers of the first, untrained
# autoencoder, so the features fed to the downstream classifier come from random weights.
# Sources: github.com/spro/practical-pytorch/issues/9 (object created from the first of two
# instantiations); github.com/dvgodoy/PyTorchStepByStep/pull/28 (reference to a stale model state).
# %%
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras
from keras import layers
from sklearn.linear_model import LogisticRegression

keras.utils.set_random_seed(2)
rng = np.random.default_rng(2)
labels = rng.integers(0, 2, 1200)
latent = rng.normal(size=(1200, 3)) + labels[:, None] * 1.5
mix = rng.normal(size=(3, 20))
X = (latent @ mix + 0.1 * rng.normal(size=(1200, 20))).astype("float32")
X = (X - X.mean(0)) / X.std(0)
X_train, X_test, l_train, l_test = X[:1000], X[1000:], labels[:1000], labels[1000:]

# %% autoencoder
inp = keras.Input((20,))
code = layers.Dense(3, activation="linear", name="code")(inp)
out = layers.Dense(20)(code)
autoencoder = keras.Model(inp, out)
autoencoder.compile(optimizer="adam", loss="mse")

# %% encoder view
encoder = keras.Model(autoencoder.input, autoencoder.get_layer("code").output)

# %% autoencoder
inp = keras.Input((20,))
code = layers.Dense(3, activation="linear", name="code")(inp)
out = layers.Dense(20)(code)
autoencoder = keras.Model(inp, out)
autoencoder.compile(optimizer="adam", loss="mse")

# %% train the autoencoder
autoencoder.fit(X_train, X_train, epochs=30, batch_size=64, validation_data=(X_test, X_test), verbose=0)
print("reconstruction mse", autoencoder.evaluate(X_test, X_test, verbose=0))

# %% downstream classifier on the codes
Z_train = encoder.predict(X_train, verbose=0)
Z_test = encoder.predict(X_test, verbose=0)
clf = LogisticRegression().fit(Z_train, l_train)
print("accuracy from codes", clf.score(Z_test, l_test))
