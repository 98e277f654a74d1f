# corpus: expect=training.validation set=blind14
# (blind 2026-12-07) Overlapping sliding windows of one time series are split with train_test_split(shuffle=True), so almost every test window shares 29 of its 30 steps with a training window (and lies in the past of others); the test error is optimistic compared with a chronological split. https://scikit-learn.org/stable/modules/cross_validation.html#time-series-split
# %%
import numpy as np
import keras
from keras import layers
from sklearn.model_selection import train_test_split

keras.utils.set_random_seed(0)

# %%
t = np.arange(3000)
series = np.sin(t / 40) + 0.002 * t + np.cumsum(np.random.randn(3000)) * 0.05
series = ((series - series.mean()) / series.std()).astype("float32")

window = 30
X = np.stack([series[i:i + window] for i in range(len(series) - window)])[..., None]
y = series[window:]

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, shuffle=True, random_state=0)

# %%
model = keras.Sequential([
    keras.Input(shape=(window, 1)),
    layers.Conv1D(16, 5, activation="relu"),
    layers.GlobalAveragePooling1D(),
    layers.Dense(16, activation="relu"),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X_train, y_train, epochs=5, batch_size=64, verbose=0)

# %%
print("test MSE (reported):", model.evaluate(X_test, y_test, verbose=0))
