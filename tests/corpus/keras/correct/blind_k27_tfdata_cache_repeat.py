# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

AUTOTUNE = tf.data.AUTOTUNE
keras.utils.set_random_seed(27)

# %%
# "decoded JPEGs": expensive deterministic preprocessing is cached, random augmentation comes after
images = np.random.randint(0, 256, (300, 40, 40, 3), dtype=np.uint8)
labels = np.random.randint(0, 4, 300)
n_train = 240

def decode_and_resize(img, label):
    img = tf.image.convert_image_dtype(img, tf.float32)    # uint8 -> [0, 1]
    return tf.image.resize(img, (32, 32)), label

def random_augment(img, label):
    img = tf.image.random_flip_left_right(img)
    img = tf.image.random_crop(tf.image.resize_with_crop_or_pad(img, 36, 36), (32, 32, 3))
    return img, label

train = (tf.data.Dataset.from_tensor_slices((images[:n_train], labels[:n_train]))
         .map(decode_and_resize, num_parallel_calls=AUTOTUNE)
         .cache()
         .shuffle(n_train, reshuffle_each_iteration=True)
         .repeat()
         .map(random_augment, num_parallel_calls=AUTOTUNE)
         .batch(32)
         .prefetch(AUTOTUNE))
val = (tf.data.Dataset.from_tensor_slices((images[n_train:], labels[n_train:]))
       .map(decode_and_resize, num_parallel_calls=AUTOTUNE)
       .batch(32).cache().prefetch(AUTOTUNE))

# %%
model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(16, 3, activation="relu"), layers.MaxPooling2D(),
    layers.Conv2D(32, 3, activation="relu"), layers.GlobalMaxPooling2D(),
    layers.Dense(4),
])
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=[keras.metrics.SparseCategoricalAccuracy()])
steps = n_train // 32
model.fit(train, epochs=2, steps_per_epoch=steps, validation_data=val, verbose=2)
