# corpus: correct set=blind14
# (blind 2026-12-07) Time-series forecasting with a chronological split (train on the first 80% of the timeline, test on the rest, shuffle=False), normalisation statistics from the training segment only, and windows built separately inside each segment. https://www.tensorflow.org/tutorials/structured_data/time_series
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)

# %%
t = np.arange(3000)
series = (np.sin(t / 40) + 0.002 * t + np.cumsum(np.random.randn(3000)) * 0.05).astype("float32")
split = int(0.8 * len(series))
train_series, test_series = series[:split], series[split:]
mu, sigma = train_series.mean(), train_series.std()
train_series, test_series = (train_series - mu) / sigma, (test_series - mu) / sigma

window = 30
def make_windows(s):
    X = np.stack([s[i:i + window] for i in range(len(s) - window)])[..., None]
    return X, s[window:]

X_train, y_train = make_windows(train_series)
X_test, y_test = make_windows(test_series)

# %%
model = keras.Sequential([
    keras.Input(shape=(window, 1)),
    layers.Conv1D(16, 5, activation="relu"),
    layers.GlobalAveragePooling1D(),
    layers.Dense(16, activation="relu"),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X_train, y_train, epochs=5, batch_size=64, shuffle=True, verbose=0)
print("test MSE:", model.evaluate(X_test, y_test, verbose=0))
