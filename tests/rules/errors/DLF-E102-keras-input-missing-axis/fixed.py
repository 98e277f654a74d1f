# %%
import numpy as np
import keras
from keras import layers

images = np.zeros((4, 12, 12), dtype="float32")  # grayscale, no channel axis
labels = np.arange(4) % 2
cnn = keras.Sequential([layers.Conv2D(4, 3, activation="relu"), layers.Flatten(),
                        layers.Dense(2, activation="softmax")])
cnn.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

# %%
images = images[..., None]   # (4, 12, 12) -> (4, 12, 12, 1)  dlfault-fix
cnn.fit(images, labels, epochs=1, verbose=0)
