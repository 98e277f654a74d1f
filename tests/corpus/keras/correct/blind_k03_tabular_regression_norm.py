# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %% [markdown]
# Auto-MPG style regression (TF tutorial "Basic regression")

# %%
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

np.set_printoptions(precision=3, suppress=True)

# %%
rng = np.random.default_rng(1)
n = 400
dataset = pd.DataFrame({
    "Cylinders": rng.choice([4, 6, 8], n),
    "Displacement": rng.uniform(70, 455, n),
    "Horsepower": rng.uniform(46, 230, n),
    "Weight": rng.uniform(1600, 5100, n),
    "Acceleration": rng.uniform(8, 25, n),
    "Model Year": rng.integers(70, 83, n),
    "Origin": rng.choice([1, 2, 3], n),
})
dataset["MPG"] = 50 - 0.007 * dataset["Weight"] + 0.5 * (dataset["Model Year"] - 70) + rng.normal(0, 2, n)
dataset["Origin"] = dataset["Origin"].map({1: "USA", 2: "Europe", 3: "Japan"})
dataset = pd.get_dummies(dataset, columns=["Origin"], prefix="", prefix_sep="", dtype=float)
dataset.tail()

# %%
train_dataset = dataset.sample(frac=0.8, random_state=0)
test_dataset = dataset.drop(train_dataset.index)
train_dataset.describe().transpose()[["mean", "std"]]

# %%
train_features = train_dataset.copy()
test_features = test_dataset.copy()
train_labels = train_features.pop("MPG")
test_labels = test_features.pop("MPG")

normalizer = tf.keras.layers.Normalization(axis=-1)
normalizer.adapt(np.array(train_features))
print(normalizer.mean.numpy())

# %%
def build_and_compile_model(norm):
    model = keras.Sequential([
        norm,
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(1),
    ])
    model.compile(loss="mean_absolute_error", optimizer=tf.keras.optimizers.Adam(0.001))
    return model

dnn_model = build_and_compile_model(normalizer)
dnn_model.summary()

# %%
history = dnn_model.fit(train_features, train_labels, validation_split=0.2, verbose=0, epochs=3)
hist = pd.DataFrame(history.history)
hist["epoch"] = history.epoch
hist.tail()

# %%
# a second model with mse loss and mae metric
model2 = keras.Sequential([keras.Input(shape=(train_features.shape[1],)), normalizer,
                           layers.Dense(32, activation="relu"), layers.Dense(1)])
model2.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
model2.fit(train_features.to_numpy(), train_labels.to_numpy(), epochs=3, batch_size=32, verbose=0)
test_results = {
    "dnn_model": dnn_model.evaluate(test_features, test_labels, verbose=0),
    "model2_mae": model2.evaluate(test_features.to_numpy(), test_labels.to_numpy(), verbose=0)[1],
}
pd.DataFrame(test_results, index=["Mean absolute error [MPG]"]).T

# %%
test_predictions = dnn_model.predict(test_features).flatten()
print(test_predictions[:5], test_labels.values[:5])
