# corpus: expect=training.preprocessing set=state
# Forecasting a trending series with a small Keras MLP on lag windows. The user makes
# the series stationary by differencing it in place (series = np.diff(series)) and re-runs the
# cell after plotting. The model is trained on second differences, but the forecast cell
# re-integrates once (last value + predicted difference), so forecasts are off by the trend.
# Sources: balabit.com/blog/magic-trick-with-pandas (in-place state surprises in notebooks);
# 0539edu.com/news/596753 (Jupyter execution-order traps); Pimentel et al. MSR 2019.
# %%
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras

keras.utils.set_random_seed(12)
rng = np.random.default_rng(12)
t = np.arange(400)
raw = 50 + 0.8 * t + 5 * np.sin(2 * np.pi * t / 25) + rng.normal(0, 0.5, 400)
series = raw.copy()

# %% difference to remove the trend
series = np.diff(series)
print(series[:5])

# %% difference to remove the trend
series = np.diff(series)
print(series[:5])

# %% lag windows
LAGS = 10
Xw = np.stack([series[i:i + LAGS] for i in range(len(series) - LAGS)]).astype("float32")
yw = series[LAGS:].astype("float32")
mu, sd = Xw.mean(), Xw.std()
Xw_s, yw_s = (Xw - mu) / sd, (yw - mu) / sd
split = int(0.8 * len(Xw_s))

# %% model
model = keras.Sequential([keras.Input((LAGS,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(Xw_s[:split], yw_s[:split], validation_data=(Xw_s[split:], yw_s[split:]), epochs=15, verbose=0)

# %% one-step forecast of the next raw value
next_diff = model.predict(Xw_s[-1:], verbose=0)[0, 0] * sd + mu
forecast = raw[-1] + next_diff
print("forecast", forecast, "trend says about", raw[-1] + 0.8)
