# corpus: expect=training.loss also=model.layers.activation set=modern area=2
# (blind 2026-12-07) Classic fault behind a functional wrapper: the inner Sequential backbone ends in a softmax, the outer functional model reuses it, and the training cell compiles with SparseCategoricalCrossentropy(from_logits=True), so softmax is applied twice. https://stackoverflow.com/questions/57253841/from-logits-true-and-from-logits-false-get-different-training-result-for-tf-loss
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)
x = np.random.randn(1500, 24).astype("float32")
y = np.argmax(x[:, :4], axis=1)

# %%
backbone = keras.Sequential([
    keras.Input((24,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(4, activation="softmax"),
], name="backbone")

inp = keras.Input((24,))
out = backbone(inp)
model = keras.Model(inp, out, name="wrapper")

# %%
model.compile(optimizer=keras.optimizers.Adam(1e-3),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
hist = model.fit(x, y, epochs=5, batch_size=64, validation_split=0.2, verbose=0)
print({k: round(float(v[-1]), 4) for k, v in hist.history.items()})
