# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import keras
from keras import layers

# %%
# hourly "weather" measurements
hours = 3000
t = np.arange(hours)
df = pd.DataFrame({
    "T (degC)": 10 + 8 * np.sin(2 * np.pi * t / 24) + np.random.normal(0, 1, hours),
    "p (mbar)": 990 + np.random.normal(0, 5, hours).cumsum() * 0.05,
    "rh (%)": 70 + 15 * np.cos(2 * np.pi * t / 24) + np.random.normal(0, 3, hours),
})
df.describe()

# %%
split = int(0.7 * len(df))
train_df, val_df = df.iloc[:split], df.iloc[split:]
train_mean, train_std = train_df.mean(), train_df.std()
train_n = ((train_df - train_mean) / train_std).to_numpy("float32")
val_n = ((val_df - train_mean) / train_std).to_numpy("float32")

past, future = 48, 6   # use 48 hours to predict temperature 6 hours ahead
def make_ds(arr, shuffle):
    x = arr[:-(past + future - 1)]
    y = arr[past + future - 1:, 0]
    return keras.utils.timeseries_dataset_from_array(
        x, y, sequence_length=past, batch_size=64, shuffle=shuffle, seed=0)

train_ds = make_ds(train_n, shuffle=True)
val_ds = make_ds(val_n, shuffle=False)
for xb, yb in train_ds.take(1):
    print(xb.shape, yb.shape)

# %%
inputs = keras.Input(shape=(past, 3))
x = layers.Conv1D(16, 5, activation="relu", padding="causal")(inputs)
x = layers.LSTM(32)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse", metrics=["mae"])
history = model.fit(train_ds, validation_data=val_ds, epochs=2, verbose=2)

# %%
plt.plot(history.history["loss"], label="loss")
plt.plot(history.history["val_loss"], label="val_loss")
plt.legend()
mae_degc = history.history["val_mae"][-1] * train_std["T (degC)"]
print(f"val MAE ≈ {mae_degc:.2f} °C")
