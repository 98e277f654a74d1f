# corpus: correct
# %% [markdown]
# Ratings 1..5 from tabular features: labels shifted to 0..4, features normalised in the
# model, a shuffled train/validation/test split, the test set used once at the end

# %%
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(0)
n = 600
year = rng.uniform(1950, 2020, n)
size = rng.uniform(30, 250, n)
dist = rng.uniform(0.1, 15.0, n)
X = np.column_stack([year, size, dist]).astype("float32")
score = 0.02 * (year - 1950) + 0.01 * size - 0.1 * dist + rng.normal(0, 0.3, n)
stars = np.clip(np.digitize(score, np.quantile(score, [0.2, 0.4, 0.6, 0.8])) + 1, 1, 5)

labels = stars - 1                                   # classes 0..4
perm = rng.permutation(n)
X, labels = X[perm], labels[perm]
x_train, x_val, x_test = X[:400], X[400:500], X[500:]
y_train, y_val, y_test = labels[:400], labels[400:500], labels[500:]

# %%
norm = keras.layers.Normalization()
norm.adapt(x_train)
model = keras.Sequential([
    keras.Input(shape=(3,)),
    norm,
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(5, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=5,
                    batch_size=32, verbose=0)

# %%
scores = model.evaluate(x_val, y_val, verbose=0, return_dict=True)
print("validation:", scores)

# %%
# final model: train on train + validation, keep the test set untouched
model.fit(np.concatenate([x_train, x_val]), np.concatenate([y_train, y_val]), epochs=2,
          batch_size=32, verbose=0)
test_loss, test_acc = model.evaluate(x_test, y_test, verbose=0)
print(f"test accuracy: {test_acc:.3f}")
