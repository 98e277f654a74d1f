# corpus: expect=api also=training.process set=blind12
# (blind 2026-12-07) The tf.data pipeline calls .batch(32) before .shuffle(...), so only the order of whole batches is shuffled and, with class-sorted data, every batch stays single-class (pipeline cell). https://newbedev.com/what-does-batch-repeat-and-shuffle-do-with-tensorflow-dataset
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import tensorflow as tf
tf.keras.utils.set_random_seed(17)
# samples written to disk class by class
X = np.concatenate([np.random.randn(500, 4) + 1, np.random.randn(500, 4) - 1]).astype("float32")
y = np.concatenate([np.ones(500), np.zeros(500)]).astype("float32")
# %%
def make_dataset(features, labels, batch_size=32):
    ds = tf.data.Dataset.from_tensor_slices((features, labels))
    ds = ds.batch(batch_size)
    ds = ds.shuffle(buffer_size=1000)
    return ds.prefetch(tf.data.AUTOTUNE)
train_ds = make_dataset(X, y)
for xb, yb in train_ds.take(3):
    print("batch label mean:", float(tf.reduce_mean(yb)))
# %%
model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(1, activation="sigmoid")])
model.compile(tf.keras.optimizers.SGD(0.1, momentum=0.9), "binary_crossentropy", metrics=["accuracy"])
model.fit(train_ds, epochs=3, verbose=0)
print(model.evaluate(X, y, verbose=0))
