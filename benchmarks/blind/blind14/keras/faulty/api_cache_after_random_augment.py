# corpus: expect=api set=blind14 also=training.preprocessing
# (blind 2026-12-07) The tf.data pipeline applies the random augmentation map before .cache(), so the augmented images of the first epoch are cached and replayed unchanged in every later epoch; the model never sees new augmentations. https://www.tensorflow.org/guide/data_performance#caching
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(0)

# %%
n = 512
images = np.random.randint(0, 256, size=(n, 32, 32, 3)).astype("uint8")
labels = np.random.randint(0, 4, n)
augment = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1)])

def preprocess(x, y):
    return tf.cast(x, tf.float32) / 255.0, y

def random_augment(x, y):
    return augment(x, training=True), y

train_ds = (tf.data.Dataset.from_tensor_slices((images, labels))
            .map(preprocess, num_parallel_calls=tf.data.AUTOTUNE)
            .map(random_augment, num_parallel_calls=tf.data.AUTOTUNE)
            .cache()
            .shuffle(n)
            .batch(64)
            .prefetch(tf.data.AUTOTUNE))

# %%
first_epoch = np.concatenate([x.numpy() for x, _ in train_ds.unbatch().batch(n).take(1)])
second_epoch = np.concatenate([x.numpy() for x, _ in train_ds.unbatch().batch(n).take(1)])
print("sum of pixels epoch1 vs epoch2:", first_epoch.sum().round(1), second_epoch.sum().round(1))

# %%
model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_ds, epochs=2, verbose=0)
