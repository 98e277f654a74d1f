# corpus: correct set=modern area=9
# (blind 2026-12-07) Logits output with from_logits=True, label smoothing on the one-hot CategoricalCrossentropy, class_weight computed with sklearn compute_class_weight keyed by class id. https://keras.io/api/losses/probabilistic_losses/
# %%
import numpy as np
import keras
from keras import layers
from sklearn.utils.class_weight import compute_class_weight

keras.utils.set_random_seed(0)
rng = np.random.RandomState(0)
y = rng.choice([0, 1, 2], size=3000, p=[0.15, 0.80, 0.05])
x = (rng.randn(3000, 8) + y[:, None] * 0.6).astype("float32")

# %%
classes = np.unique(y)
class_weight = dict(zip(classes.tolist(), compute_class_weight("balanced", classes=classes, y=y)))

# %%
model = keras.Sequential([keras.Input((8,)), layers.Dense(32, activation="relu"), layers.Dense(3)])
model.compile("adam", keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1), metrics=["accuracy"])
model.fit(x, keras.utils.to_categorical(y, 3), epochs=8, batch_size=64, class_weight=class_weight, verbose=0)
pred = model.predict(x, verbose=0).argmax(1)
print("per-class recall:", [round(float(((pred == c) & (y == c)).sum() / (y == c).sum()), 3) for c in range(3)])
