# corpus: expect=training.loss also=model.layers.activation set=modern area=9
# (blind 2026-12-07) In the compile cell CategoricalCrossentropy(from_logits=True) is used although the output layer already applies softmax, so the loss re-softmaxes probabilities and gradients are squashed. https://stackoverflow.com/questions/57253841/from-logits-true-and-from-logits-false-get-different-training-result-for-tf-loss
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)
x = np.random.randn(2000, 20).astype("float32")
y = keras.utils.to_categorical(np.argmax(x[:, :5], 1), 5)

# %%
model = keras.Sequential([keras.Input((20,)), layers.Dense(64, activation="relu"), layers.Dense(5, activation="softmax")])

# %%
model.compile(optimizer="adam", loss=keras.losses.CategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
hist = model.fit(x, y, epochs=5, batch_size=64, validation_split=0.2, verbose=0)
print({k: round(float(v[-1]), 4) for k, v in hist.history.items()})
