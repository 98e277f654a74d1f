# corpus: expect=training.validation also=api set=modern area=6
# (blind 2026-12-07) In the split cell the tf.data pipeline is shuffled (reshuffle_each_iteration defaults to True) and then split with take()/skip(), so each epoch draws a different train/validation partition and validation examples leak into training. https://github.com/tensorflow/tensorflow/issues/59279
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(0)
N = 1000
x = np.random.randn(N, 16).astype("float32")
y = np.random.randint(0, 2, N).astype("float32")        # random labels: val acc should stay at 0.5
ids = np.arange(N)

# %%
ds = tf.data.Dataset.from_tensor_slices((x, y, ids)).shuffle(N, seed=42)
train_size = int(0.8 * N)
train_ds = ds.take(train_size)
val_ds = ds.skip(train_size)

# %%
a = set(int(i) for _, _, i in train_ds)
b = set(int(i) for _, _, i in val_ds)
print("overlap between one pass of train and one pass of val:", len(a & b))

# %%
drop_id = lambda xx, yy, ii: (xx, yy)
model = keras.Sequential([keras.Input((16,)), layers.Dense(256, activation="relu"), layers.Dense(256, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
hist = model.fit(train_ds.map(drop_id).batch(32), validation_data=val_ds.map(drop_id).batch(32), epochs=15, verbose=0)
print("val_acc", [round(v, 2) for v in hist.history["val_accuracy"]][-5:])
