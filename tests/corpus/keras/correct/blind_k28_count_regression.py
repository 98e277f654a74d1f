# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %% [markdown]
# Bike-sharing-like count regression: log1p target with MSE, and a Poisson model on raw counts

# %%
import numpy as np
import pandas as pd
import keras
from keras import layers
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

keras.utils.set_random_seed(28)

# %%
rng = np.random.default_rng(28)
n = 1000
df = pd.DataFrame({"hour": rng.integers(0, 24, n), "temp": rng.normal(20, 7, n),
                   "humidity": rng.uniform(20, 100, n), "workingday": rng.integers(0, 2, n)})
rate = np.exp(1.5 + 0.04 * df.temp - 0.01 * df.humidity + 0.8 * ((df.hour > 7) & (df.hour < 19)))
df["count"] = rng.poisson(rate)
df.describe()

# %%
feats = ["hour", "temp", "humidity", "workingday"]
X_train, X_test, y_train, y_test = train_test_split(df[feats].values, df["count"].values,
                                                    test_size=0.2, random_state=28)
sc = StandardScaler().fit(X_train)
X_train, X_test = sc.transform(X_train), sc.transform(X_test)

# %%
log_model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(32, activation="relu"), layers.Dense(1)])
log_model.compile(optimizer="adam", loss="mse", metrics=["mae"])
log_model.fit(X_train, np.log1p(y_train), epochs=3, batch_size=32, validation_split=0.1, verbose=0)
pred = np.expm1(log_model.predict(X_test, verbose=0).ravel())
print("log-model MAE (bikes)", np.abs(pred - y_test).mean())

# %%
poisson_model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(32, activation="relu"),
                                  layers.Dense(1, activation="exponential")])
poisson_model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="poisson")
poisson_model.fit(X_train, y_train.astype("float32"), epochs=3, batch_size=32, verbose=0)
print("poisson-model MAE (bikes)", np.abs(poisson_model.predict(X_test, verbose=0).ravel() - y_test).mean())
