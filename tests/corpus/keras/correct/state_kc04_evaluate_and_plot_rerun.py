# corpus: correct set=state
# After training, the user re-runs the evaluation cell and the learning-curve plotting cell
# (changing nothing). evaluate()/predict() do not update weights and the plot only reads the
# History object, so the re-runs are harmless. Cf. github.com/coderefinery/jupyter/issues/6
# (execution-order "bugs" in notebooks, kept in proportion) and jupyterlab/jupyterlab#17766.
# %%
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import pandas as pd
import keras
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

keras.utils.set_random_seed(7)
rng = np.random.default_rng(7)
X = np.column_stack([rng.normal(5e4, 1.5e4, 1200), rng.normal(35, 10, 1200), rng.normal(0.5, 0.2, 1200)])
y = ((X[:, 0] - 5e4) / 1.5e4 - (X[:, 1] - 35) / 10 + rng.normal(0, 0.5, 1200) > 0).astype(int)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
scaler = StandardScaler().fit(X_train)
X_train_s, X_test_s = scaler.transform(X_train), scaler.transform(X_test)

# %% model + fit
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
history = model.fit(X_train_s, y_train, epochs=15, batch_size=32, validation_split=0.15, verbose=0)

# %% evaluate
loss, acc = model.evaluate(X_test_s, y_test, verbose=0)
print(f"test loss {loss:.3f} acc {acc:.3f}")

# %% learning curves
pd.DataFrame(history.history)[["loss", "val_loss"]].plot()
plt.xlabel("epoch")

# %% evaluate
loss, acc = model.evaluate(X_test_s, y_test, verbose=0)
print(f"test loss {loss:.3f} acc {acc:.3f}")

# %% learning curves
pd.DataFrame(history.history)[["loss", "val_loss"]].plot()
plt.xlabel("epoch")
