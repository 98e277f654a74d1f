# corpus: correct set=blind12
# (blind 2026-12-07) Binary classifier with Dense(1, activation='sigmoid') and binary_crossentropy on 0/1 float labels, predictions thresholded at 0.5 after predict().
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import tensorflow as tf
tf.keras.utils.set_random_seed(201)
X = np.random.randn(600, 10, 4).astype("float32"); y = (X[:, :, 0].mean(1) > 0).astype("float32")
model = tf.keras.Sequential([tf.keras.Input((10, 4)), tf.keras.layers.Conv1D(16, 4, padding="same", activation="relu"),
                             tf.keras.layers.Flatten(), tf.keras.layers.Dense(32, activation="relu"),
                             tf.keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
# %%
model.fit(X[:480], y[:480], epochs=8, batch_size=32, verbose=0)
pred = (model.predict(X[480:], verbose=0)[:, 0] > 0.5).astype("float32")
print("test acc", (pred == y[480:]).mean())
