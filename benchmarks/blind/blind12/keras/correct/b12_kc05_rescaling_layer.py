# corpus: correct set=blind12
# (blind 2026-12-07) uint8-range images are passed raw to a CNN whose first layer is layers.Rescaling(1./255), so scaling happens inside the model — looks like missing normalisation but is correct.
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import keras
from keras import layers
keras.utils.set_random_seed(204)
rng = np.random.default_rng(204)
y = rng.integers(0, 4, 800)
x = rng.integers(0, 150, (800, 16, 16, 1)).astype("uint8")
for k in range(4):
    x[y == k, :, k*4:(k*4+4), 0] += 100
model = keras.Sequential([keras.Input((16, 16, 1)), layers.Rescaling(1.0 / 255), layers.Conv2D(16, 3, activation="relu"),
                          layers.MaxPooling2D(), layers.Flatten(), layers.Dense(64, activation="relu"), layers.Dense(4, activation="softmax")])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
# %%
h = model.fit(x.astype("float32"), y, epochs=5, batch_size=32, verbose=0)
print(h.history["accuracy"][-1])
