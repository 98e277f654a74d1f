# corpus: expect=training.preprocessing set=state
# House-price regression. The user log-transforms the target in place
# (y_train = np.log1p(y_train)) and runs that cell twice. The network is trained on
# log1p(log1p(price)) while the prediction cell inverts with expm1 only once, so every
# reported price is wrong by orders of magnitude (no error anywhere).
# Sources: balabit.com/blog/magic-trick-with-pandas (surprising in-place state in notebooks);
# 0539edu.com/news/596753 (Jupyter cell-state traps); Pimentel et al. MSR 2019.
# %%
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import pandas as pd
import keras

keras.utils.set_random_seed(4)
rng = np.random.default_rng(4)
df = pd.DataFrame({"sqft": rng.uniform(40, 300, 700), "rooms": rng.integers(1, 8, 700)})
df["price"] = np.exp(10 + 0.006 * df.sqft + 0.05 * df.rooms + rng.normal(0, 0.1, 700))
X = df[["sqft", "rooms"]].to_numpy("float32")
X = (X - X.mean(0)) / X.std(0)
y_train, y_test = df["price"].to_numpy("float32")[:560], df["price"].to_numpy("float32")[560:]
X_train, X_test = X[:560], X[560:]

# %% log-transform the target
y_train = np.log1p(y_train)

# %% log-transform the target
y_train = np.log1p(y_train)

# %%
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
model.fit(X_train, y_train, epochs=15, batch_size=32, validation_split=0.2, verbose=0)

# %% predict prices
pred_price = np.expm1(model.predict(X_test, verbose=0).ravel())
print("MAE in dollars:", np.abs(pred_price - y_test).mean())
