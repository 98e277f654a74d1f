# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

AUTOTUNE = tf.data.AUTOTUNE
BATCH_SIZE = 32
IMG_SIZE = 48

# %%
# "flowers"-like RGB images of varying content, 5 classes
rng = np.random.default_rng(2)
images = rng.integers(0, 256, size=(400, 64, 64, 3), dtype=np.uint8)
labels = rng.integers(0, 5, size=400)
train_images, val_images = images[:320], images[320:]
train_labels, val_labels = labels[:320], labels[320:]

# %%
def preprocess(image, label):
    image = tf.image.resize(image, [IMG_SIZE, IMG_SIZE])
    image = tf.cast(image, tf.float32) / 255.0
    return image, label

def augment(image, label):
    image = tf.image.random_flip_left_right(image)
    image = tf.image.random_brightness(image, max_delta=0.1)
    image = tf.clip_by_value(image, 0.0, 1.0)
    return image, label

train_ds = (tf.data.Dataset.from_tensor_slices((train_images, train_labels))
            .shuffle(1000)
            .map(preprocess, num_parallel_calls=AUTOTUNE)
            .map(augment, num_parallel_calls=AUTOTUNE)
            .batch(BATCH_SIZE)
            .prefetch(AUTOTUNE))
val_ds = (tf.data.Dataset.from_tensor_slices((val_images, val_labels))
          .map(preprocess, num_parallel_calls=AUTOTUNE)
          .batch(BATCH_SIZE)
          .cache()
          .prefetch(buffer_size=AUTOTUNE))

for image_batch, labels_batch in train_ds.take(1):
    print(image_batch.shape, labels_batch.shape, float(tf.reduce_max(image_batch)))

# %%
num_classes = 5
model = keras.Sequential([
    keras.Input(shape=(IMG_SIZE, IMG_SIZE, 3)),
    layers.Conv2D(16, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.GlobalAveragePooling2D(),
    layers.Dense(64, activation="relu"),
    layers.Dense(num_classes),
])
model.compile(optimizer="adam",
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])

# %%
history = model.fit(train_ds, validation_data=val_ds, epochs=2)

# %%
val_loss, val_acc = model.evaluate(val_ds, verbose=0)
print(f"val acc {val_acc:.3f}")
