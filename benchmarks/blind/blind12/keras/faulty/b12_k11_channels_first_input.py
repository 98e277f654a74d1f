# corpus: expect=tensors.input set=blind12
# (blind 2026-12-07) Images are stored channels-first (N, 3, 32, 32) as exported from a PyTorch pipeline and fed to Conv2D with the default channels_last, so Keras treats 3 as image height and 32 as channels, silently convolving over the wrong axes (input/model cells). https://github.com/gdubrg/Eye-Tracking-for-Everyone/issues/5
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import keras
from keras import layers
keras.utils.set_random_seed(11)
n = 400
labels = np.random.randint(0, 2, n)
imgs = np.random.rand(n, 3, 32, 32).astype("float32")     # (N, C, H, W)
imgs[labels == 1, 0, :16, :] += 0.5                         # red top half for class 1
# %%
model = keras.Sequential([
    keras.Input(shape=imgs.shape[1:]),
    layers.Conv2D(16, (3, 3), padding="same", activation="relu"),
    layers.MaxPooling2D((1, 2)),
    layers.Conv2D(16, (3, 3), padding="same", activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(1, activation="sigmoid"),
])
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
print(model.output_shape, model.layers[0].kernel.shape)
h = model.fit(imgs, labels, epochs=3, batch_size=32, verbose=0)
print(h.history["accuracy"])
