# corpus: expect=gpu set=blind14
# (blind 2026-12-07) os.environ["CUDA_VISIBLE_DEVICES"] is set to pick the second GPU only after TensorFlow has been imported and has already created tensors, so the setting has no effect: TF keeps using (and grabbing memory on) every GPU it initialised; on CPU the bug is latent. https://github.com/NVIDIA/DALI/issues/2014
# %%
import os
import numpy as np
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(0)
print("visible GPUs at start:", tf.config.list_physical_devices("GPU"))

# %%
X = tf.random.normal((2000, 10))
y = tf.cast(tf.reduce_sum(X[:, :3], axis=1) > 0, tf.float32)

# %%
os.environ["CUDA_VISIBLE_DEVICES"] = "1"

model = keras.Sequential([keras.Input(shape=(10,)), layers.Dense(32, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=3, batch_size=64, verbose=0)
print("GPUs TF is using:", tf.config.list_logical_devices("GPU"))
print(model.evaluate(X, y, verbose=0))
