# corpus: correct set=state
# The Normalization layer is created and adapted on the current training features inside the
# same cell that builds and compiles the model. After editing the data cell (units changed to
# SI), the user re-runs the data cell, then the model cell, then fit: the layer is re-adapted
# on the data actually used. Cf. 0539edu.com/news/596753 (re-run every cell that depends on an
# edited one) and keras.io/guides/preprocessing_layers (adapt()).
# %%
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
dist_km = rng.uniform(1, 30, 1000)
dur_min = dist_km * rng.uniform(2, 4, 1000)
fare = 2.5 + 1.2 * dist_km + 0.3 * dur_min + rng.normal(0, 1, 1000)

# %% data
X = np.column_stack([dist_km, dur_min]).astype("float32")
y = fare.astype("float32")

# %% normalisation + model
keras.utils.set_random_seed(0)
norm = layers.Normalization()
norm.adapt(X[:800])
model = keras.Sequential([keras.Input((2,)), norm, layers.Dense(32, activation="relu"), layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse", metrics=["mae"])

# %% data (edited: SI units)
X = np.column_stack([dist_km * 1000, dur_min * 60]).astype("float32")
y = fare.astype("float32")

# %% normalisation + model
keras.utils.set_random_seed(0)
norm = layers.Normalization()
norm.adapt(X[:800])
model = keras.Sequential([keras.Input((2,)), norm, layers.Dense(32, activation="relu"), layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse", metrics=["mae"])

# %% train
hist = model.fit(X[:800], y[:800], validation_data=(X[800:], y[800:]), epochs=40, batch_size=32, verbose=0)
print("val mae", hist.history["val_mae"][-1])
