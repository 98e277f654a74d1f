# corpus: expect=api also=training.loss set=modern area=9
# (blind 2026-12-07) In the compile cell label_smoothing is passed to SparseCategoricalCrossentropy, which in Keras 3 has no such argument (only the one-hot CategoricalCrossentropy does), so building the loss raises TypeError. https://github.com/keras-team/keras/issues/18286
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)
x = np.random.randn(1000, 16).astype("float32")
y = np.argmax(x[:, :4], 1)

# %%
model = keras.Sequential([keras.Input((16,)), layers.Dense(64, activation="relu"), layers.Dense(4)])
loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True, label_smoothing=0.1)
model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
model.fit(x, y, epochs=2, verbose=0)
