# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import os
import tempfile
import numpy as np
import tensorflow as tf
import keras
from keras import layers
from PIL import Image

# %%
# write a tiny "cats vs dogs" folder tree of PNGs, the way a Kaggle dataset is laid out
root = tempfile.mkdtemp()
rng = np.random.default_rng(16)
for cls, tint in [("cats", (200, 120, 80)), ("dogs", (80, 120, 200))]:
    os.makedirs(os.path.join(root, cls))
    for i in range(60):
        arr = np.clip(rng.normal(tint, 40, size=(40, 40, 3)), 0, 255).astype("uint8")
        Image.fromarray(arr).save(os.path.join(root, cls, f"{i}.png"))
print(os.listdir(root))

# %%
image_size = (32, 32)
batch_size = 16
train_ds, val_ds = keras.utils.image_dataset_from_directory(
    root, validation_split=0.2, subset="both", seed=1337,
    image_size=image_size, batch_size=batch_size, label_mode="binary")
class_names = train_ds.class_names
print(class_names)
train_ds = train_ds.prefetch(tf.data.AUTOTUNE)
val_ds = val_ds.prefetch(tf.data.AUTOTUNE)

# %%
data_augmentation = keras.Sequential([
    layers.RandomFlip("horizontal"),
    layers.RandomRotation(0.1),
])

inputs = keras.Input(shape=image_size + (3,))
x = data_augmentation(inputs)
x = layers.Rescaling(1.0 / 255)(x)
x = layers.Conv2D(16, 3, strides=2, padding="same", activation="relu")(x)
x = layers.SeparableConv2D(32, 3, padding="same", activation="relu")(x)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dropout(0.25)(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)

# %%
model.compile(optimizer=keras.optimizers.Adam(3e-4), loss="binary_crossentropy",
              metrics=[keras.metrics.BinaryAccuracy(name="acc")])
model.fit(train_ds, epochs=2, validation_data=val_ds, verbose=2)

# %%
img = keras.utils.load_img(os.path.join(root, "cats", "0.png"), target_size=image_size)
img_array = keras.ops.expand_dims(keras.utils.img_to_array(img), 0)
score = float(keras.ops.convert_to_numpy(model.predict(img_array, verbose=0))[0][0])
print(f"This image is {100 * (1 - score):.2f}% cat and {100 * score:.2f}% dog.")
