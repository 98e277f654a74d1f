# corpus: expect=training.preprocessing set=blind12
# (blind 2026-12-07) uint8 images in [0,255] are fed to the CNN without dividing by 255 (no Rescaling layer), so early updates are huge and the net converges to a constant prediction (data cell). http://pullrequest.ru/10248037/cnn-keras-shodyatsya-odnomu-tomu-zhe-znacheniy-nezavisimo-vvoda
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import tensorflow as tf
from tensorflow import keras
keras.utils.set_random_seed(5)
rng = np.random.default_rng(5)
y_train = rng.integers(0, 4, 800)
x_train = rng.integers(0, 150, (800, 16, 16, 1)).astype("uint8")
for k in range(4):
    x_train[y_train == k, :, k*4:(k*4+4), 0] += 100
x_train = x_train.astype("float32")
# %%
model = keras.Sequential([
    keras.Input((16, 16, 1)),
    keras.layers.Conv2D(16, 3, activation="relu"),
    keras.layers.MaxPooling2D(),
    keras.layers.Flatten(),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(4, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
h = model.fit(x_train, y_train, epochs=5, batch_size=32, verbose=0)
print(h.history["loss"], h.history["accuracy"][-1])
