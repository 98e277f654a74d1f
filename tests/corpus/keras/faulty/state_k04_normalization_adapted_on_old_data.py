# corpus: expect=training.preprocessing set=state also=tensors.input
# The model starts with a keras Normalization layer adapted on the training features. Later
# the user edits the data cell (distances now in metres instead of km, durations in seconds)
# and re-runs training, but not the adapt/model cell. The layer still normalises with the
# old means/variances, so the inputs reaching the Dense layers are in the hundreds/thousands.
# Sources: 0539edu.com/news/596753 "Jupyter Notebook单元格执行顺序陷阱提醒" (modified preprocessing
# but the old state is still used); keras.io/guides/preprocessing_layers (adapt() stores statistics).
# %%
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
dist_km = rng.uniform(1, 30, 1000)
dur_min = dist_km * rng.uniform(2, 4, 1000)
fare = 2.5 + 1.2 * dist_km + 0.3 * dur_min + rng.normal(0, 1, 1000)
X = np.column_stack([dist_km, dur_min]).astype("float32")
y = fare.astype("float32")

# %% normalisation layer + model
norm = layers.Normalization()
norm.adapt(X[:800])
model = keras.Sequential([keras.Input((2,)), norm, layers.Dense(32, activation="relu"), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])

# %% data (edited: SI units)
dist_m = dist_km * 1000
dur_s = dur_min * 60
X = np.column_stack([dist_m, dur_s]).astype("float32")
y = fare.astype("float32")

# %% train and evaluate
hist = model.fit(X[:800], y[:800], validation_data=(X[800:], y[800:]), epochs=20, batch_size=32, verbose=0)
print("val mae", hist.history["val_mae"][-1])
