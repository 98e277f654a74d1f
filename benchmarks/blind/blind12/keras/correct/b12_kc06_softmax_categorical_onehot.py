# corpus: correct set=blind12
# (blind 2026-12-07) 5-class problem with to_categorical one-hot labels, Dense(5, softmax) and categorical_crossentropy with CategoricalAccuracy; Flatten is present between conv features and Dense.
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import tensorflow as tf
from tensorflow import keras
keras.utils.set_random_seed(205)
x = np.random.rand(400, 12, 12, 1).astype("float32"); labels = np.random.randint(0, 5, 400)
for k in range(5):
    x[labels == k, k*2:(k*2+2), :, 0] += 1.0
y = keras.utils.to_categorical(labels, 5)
model = keras.Sequential([keras.Input((12, 12, 1)), keras.layers.Conv2D(8, 3, activation="relu"), keras.layers.Flatten(),
                          keras.layers.Dense(5, activation="softmax")])
model.compile("adam", "categorical_crossentropy", metrics=[keras.metrics.CategoricalAccuracy()])
# %%
model.fit(x[:320], y[:320], epochs=6, batch_size=32, verbose=0)
print(model.evaluate(x[320:], y[320:], verbose=0))
