# corpus: expect=training.validation also=api set=modern area=6
# (blind 2026-12-07) In the pipeline cell repeat() is applied before the take()/skip() split, so the "validation" part is simply the next pass over the same (reshuffled) data and contains training examples. https://www.tensorflow.org/guide/data#processing_multiple_epochs
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(0)
N = 600
x = np.random.randn(N, 12).astype("float32")
y = np.random.randint(0, 2, N).astype("float32")          # random labels
ids = np.arange(N)

# %%
ds = tf.data.Dataset.from_tensor_slices((x, y, ids)).shuffle(N, seed=1).repeat()
train_ds = ds.take(480)
val_ds = ds.skip(480).take(120)
print("ids overlap:", len(set(int(i) for *_, i in train_ds) & set(int(i) for *_, i in val_ds)))

# %%
drop = lambda a, b, c: (a, b)
model = keras.Sequential([keras.Input((12,)), layers.Dense(256, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
hist = model.fit(train_ds.map(drop).batch(32), validation_data=val_ds.map(drop).batch(32), epochs=20, verbose=0)
print("val_acc last", round(hist.history["val_accuracy"][-1], 3))
