# corpus: correct set=blind14
# (blind 2026-12-07) tf.data pipeline that caches the decoded/scaled images, then applies random augmentation after .cache() so each epoch gets new augmentations, shuffles before batch and prefetches; the validation pipeline has no augmentation. https://www.tensorflow.org/guide/data_performance#caching
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

train_ds = (tf.data.Dataset.from_tensor_slices((images[:448], labels[:448]))
            .map(preprocess, num_parallel_calls=tf.data.AUTOTUNE)
            .cache()
            .shuffle(448)
            .batch(64)
            .map(lambda x, y: (augment(x, training=True), y), num_parallel_calls=tf.data.AUTOTUNE)
            .prefetch(tf.data.AUTOTUNE))
val_ds = (tf.data.Dataset.from_tensor_slices((images[448:], labels[448:]))
          .map(preprocess).batch(64).cache().prefetch(tf.data.AUTOTUNE))

# %%
model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_ds, validation_data=val_ds, epochs=2, verbose=0)
print(model.evaluate(val_ds, verbose=0))
