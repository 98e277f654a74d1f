# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import os
import tempfile
import numpy as np
import tensorflow as tf
from tensorflow import keras

# %%
def get_model():
    inputs = keras.Input(shape=(32,))
    x = keras.layers.Dense(32, activation="relu")(inputs)
    outputs = keras.layers.Dense(1)(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="mean_squared_error")
    return model

model = get_model()

# %%
test_input = np.random.random((128, 32))
test_target = np.random.random((128, 1))
model.fit(test_input, test_target, epochs=2, verbose=0)

# %%
tmp = tempfile.mkdtemp()
path = os.path.join(tmp, "my_model.keras")
model.save(path)

reconstructed_model = keras.models.load_model(path)
np.testing.assert_allclose(model.predict(test_input, verbose=0),
                           reconstructed_model.predict(test_input, verbose=0), rtol=1e-5, atol=1e-6)
print("predictions match")

# %%
# the reconstructed model is already compiled and keeps the optimizer state
reconstructed_model.fit(test_input, test_target, epochs=1, verbose=0)

# %%
# weights-only roundtrip
wpath = os.path.join(tmp, "ckpt.weights.h5")
model.save_weights(wpath)
clone = get_model()
clone.load_weights(wpath)
print(np.allclose(clone.predict(test_input[:4], verbose=0), model.predict(test_input[:4], verbose=0)))
