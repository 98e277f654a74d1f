# corpus: correct
# %% [markdown]
# Data-parallel training with tf.distribute: the model is built and compiled in the scope

# %%
import numpy as np
import tensorflow as tf
from tensorflow import keras

strategy = tf.distribute.MirroredStrategy()
print("replicas:", strategy.num_replicas_in_sync)

rng = np.random.default_rng(0)
X = rng.normal(size=(512, 8)).astype("float32")
y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype("int32")
perm = rng.permutation(len(X))
X, y = X[perm], y[perm]
x_train, y_train = X[:400], y[:400]
x_val, y_val = X[400:], y[400:]

# %%
with strategy.scope():
    model = keras.Sequential([
        keras.Input(shape=(8,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(2, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])

# %%
batch = 32 * strategy.num_replicas_in_sync
history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=3,
                    batch_size=batch, verbose=0)

# %%
val_loss, val_acc = model.evaluate(x_val, y_val, batch_size=batch, verbose=0)
print(f"validation accuracy {val_acc:.3f} (fit reported {history.history['val_accuracy'][-1]:.3f})")
