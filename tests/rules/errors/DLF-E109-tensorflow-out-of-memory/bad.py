# %%
import numpy as np
import keras
from keras import layers

import tensorflow as tf

X = np.zeros((64, 4), dtype="float32")
y = np.linspace(0, 1, 64, dtype="float32")
model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")


def fit_on_gpu_machine(*args, **kwargs):
    # There is no GPU here: this raises the exact error TensorFlow gives on a GPU when a
    # batch's activations do not fit into its memory.
    raise tf.errors.ResourceExhaustedError(
        None, None, "OOM when allocating tensor with shape[4096,512,28,28] and type float on "
        "/job:localhost/replica:0/task:0/device:GPU:0 by allocator GPU_0_bfc")


model.fit = fit_on_gpu_machine

# %%
model.fit(X, y, batch_size=4096, epochs=1, verbose=0)  # expect: DLF-E109
