# corpus: expect=gpu set=blind12
# (blind 2026-12-07) tf.config.experimental.set_memory_growth is called after the model has already been built (GPU context initialised), which raises "RuntimeError: Physical devices cannot be modified after being initialized" on a GPU machine; on CPU the gpus list is empty and it is silently skipped (GPU-setup cell). https://github.com/hunglc007/tensorflow-yolov4-tflite/issues/171
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import tensorflow as tf
tf.keras.utils.set_random_seed(20)
# %%
def build_yolo_head(num_classes=4):
    inp = tf.keras.Input((32, 32, 3))
    h = tf.keras.layers.Conv2D(16, 3, padding="same", activation="relu")(inp)
    h = tf.keras.layers.GlobalAveragePooling2D()(h)
    return tf.keras.Model(inp, tf.keras.layers.Dense(num_classes)(h))
model = build_yolo_head()
# %%
physical_devices = tf.config.experimental.list_physical_devices("GPU")
if len(physical_devices) > 0:
    tf.config.experimental.set_memory_growth(physical_devices[0], True)
print("GPUs:", physical_devices)
# %%
x = np.random.rand(64, 32, 32, 3).astype("float32"); y = np.random.randint(0, 4, 64)
model.compile("adam", tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(x, y, epochs=1, verbose=0)
print("done")
