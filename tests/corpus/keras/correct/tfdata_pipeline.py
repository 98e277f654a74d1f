# corpus: correct
# %%
import numpy as np
import tensorflow as tf
from tensorflow import keras

rng = np.random.default_rng(0)
X = rng.random((512, 16, 16, 1)).astype("float32")
y = rng.integers(0, 3, 512)

def augment(img, label):
    img = tf.image.random_flip_left_right(img)
    return img, label

train_ds = (tf.data.Dataset.from_tensor_slices((X[:448], y[:448]))
            .shuffle(448)
            .map(augment, num_parallel_calls=tf.data.AUTOTUNE)
            .batch(32)
            .prefetch(tf.data.AUTOTUNE))
val_ds = tf.data.Dataset.from_tensor_slices((X[448:], y[448:])).batch(64).prefetch(tf.data.AUTOTUNE)

# %%
model = keras.Sequential([
    keras.Input(shape=(16, 16, 1)),
    keras.layers.Conv2D(8, 3, activation="relu"),
    keras.layers.GlobalAveragePooling2D(),
    keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_ds, validation_data=val_ds, epochs=2, verbose=0)
