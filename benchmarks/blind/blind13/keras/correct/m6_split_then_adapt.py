# corpus: correct set=modern area=6
# (blind 2026-12-07) Split the arrays first (train_test_split), shuffle only the training tf.data pipeline, adapt the Normalization layer on training features only. https://github.com/tensorflow/tensorflow/issues/59279
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers
from sklearn.model_selection import train_test_split

keras.utils.set_random_seed(0)
X = (np.random.randn(1200, 6) * [1, 50, 0.1, 3, 1, 8] + [0, 200, 1, 5, 0, -3]).astype("float32")
y = (X[:, 0] + (X[:, 1] - 200) / 50 > 0).astype("float32")

# %%
X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, random_state=0)
train_ds = tf.data.Dataset.from_tensor_slices((X_tr, y_tr)).shuffle(len(X_tr), seed=0).batch(32)
test_ds = tf.data.Dataset.from_tensor_slices((X_te, y_te)).batch(32)

# %%
norm = layers.Normalization()
norm.adapt(X_tr)
model = keras.Sequential([keras.Input((6,)), norm, layers.Dense(32, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
model.fit(train_ds, epochs=10, verbose=0)
print("test:", model.evaluate(test_ds, verbose=0))
