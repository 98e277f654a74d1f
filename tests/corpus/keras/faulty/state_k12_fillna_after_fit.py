# corpus: expect=training.data_quality set=state also=training.process
# Execution order: the notebook's imputation cell (fillna with the column median) comes before
# training, but the user executed the fit cell first. A few NaNs in the sensor readings make
# the loss NaN from the first batches, all weights become NaN, and fit() finishes without an
# error. The imputation cell and the evaluation cell are run afterwards.
# Sources: github.com/jupyter/notebook/issues/3229 (out-of-order execution and global state);
# jupyterlab/jupyterlab#17766; Pimentel et al. MSR 2019.
# %%
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import pandas as pd
import keras

keras.utils.set_random_seed(9)
rng = np.random.default_rng(9)
df = pd.DataFrame(rng.normal(size=(1000, 5)), columns=list("abcde"))
df["target"] = 2 * df.a - df.c + 0.5 * df.e + rng.normal(0, 0.1, 1000)
df.loc[rng.choice(1000, 30, replace=False), "b"] = np.nan  # sensor dropouts
feats = list("abcde")

# %% model
model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")

# %% fit
h = model.fit(df[feats].to_numpy("float32")[:800], df.target.to_numpy("float32")[:800],
              validation_data=(df[feats].to_numpy("float32")[800:], df.target.to_numpy("float32")[800:]),
              epochs=5, verbose=0)
print(h.history["loss"])

# %% impute missing readings
df["b"] = df["b"].fillna(df["b"].median())

# %% evaluate
print("test mse", model.evaluate(df[feats].to_numpy("float32")[800:], df.target.to_numpy("float32")[800:], verbose=0))
