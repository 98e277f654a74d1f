# corpus: correct
# %%
import numpy as np
import tensorflow as tf
from tensorflow import keras

rng = np.random.default_rng(0)
x = rng.normal(size=(400, 20)).astype("float32")
y = rng.integers(0, 3, 400)
x[np.arange(400), y] += 1.5

model = keras.Sequential([
    keras.Input(shape=(20,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(3),            # logits
])
model.compile(optimizer="adam",
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])

# %%
model.fit(x, y, epochs=3, batch_size=32, verbose=0)
probs = tf.nn.softmax(model.predict(x[:5], verbose=0)).numpy()
print(probs.round(2))
