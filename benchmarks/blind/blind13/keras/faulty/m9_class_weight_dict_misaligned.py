# corpus: expect=training.loss also=training.data_quality set=modern area=9
# (blind 2026-12-07) In the class-weight cell the class_weight dict for fit() is built with dict(enumerate(...)) over pandas value_counts(), which is sorted by frequency, so class ids receive the weights of other classes and the rare class is down-weighted. https://stackoverflow.com/questions/44716150/how-can-i-assign-a-class-weight-in-keras-in-a-simple-way
# %%
import numpy as np
import pandas as pd
import keras
from keras import layers

keras.utils.set_random_seed(0)
rng = np.random.RandomState(0)
y = rng.choice([0, 1, 2], size=3000, p=[0.15, 0.80, 0.05])
x = (rng.randn(3000, 8) + y[:, None] * 0.6).astype("float32")

# %%
counts = pd.Series(y).value_counts()
class_weight = dict(enumerate((len(y) / (3 * counts)).values))
print("class_weight:", {k: round(v, 2) for k, v in class_weight.items()})

# %%
model = keras.Sequential([keras.Input((8,)), layers.Dense(32, activation="relu"), layers.Dense(3)])
model.compile("adam", keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
model.fit(x, y, epochs=8, batch_size=64, class_weight=class_weight, verbose=0)
pred = model.predict(x, verbose=0).argmax(1)
print("per-class recall:", [round(float(((pred == c) & (y == c)).sum() / (y == c).sum()), 3) for c in range(3)])
