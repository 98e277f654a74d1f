# corpus: expect=training.data_quality set=blind14
# (blind 2026-12-07) The engineered feature debt_to_income = debt / income produces inf for rows with income 0, and the column is standardised with pandas mean/std (which become inf/nan), so that feature becomes NaN for every row; training "runs" but the network output no longer depends on the inputs (all predictions identical, only the base rate is learned; on other builds the loss is nan). https://stackoverflow.com/questions/40050397/deep-learning-nan-loss-reasons
# %%
import numpy as np
import pandas as pd
import keras
from keras import layers
from sklearn.model_selection import train_test_split

keras.utils.set_random_seed(0)

# %%
rng = np.random.default_rng(0)
n = 2000
df = pd.DataFrame({
    "income": rng.choice([0, 1], n, p=[0.03, 0.97]) * rng.uniform(1e4, 2e5, n),
    "debt": rng.uniform(0, 5e4, n),
    "age": rng.integers(18, 80, n),
})
df["default"] = (rng.random(n) < 0.25).astype(int)
df["debt_to_income"] = df.debt / df.income
X_tr, X_te, y_tr, y_te = train_test_split(df.drop(columns="default"), df["default"], test_size=0.2, random_state=0)
mean, std = X_tr.mean(), X_tr.std()
X_tr = ((X_tr - mean) / std).values.astype("float32")
X_te = ((X_te - mean) / std).values.astype("float32")

# %%
model = keras.Sequential([
    keras.Input(shape=(4,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
hist = model.fit(X_tr, y_tr, epochs=3, batch_size=64, validation_data=(X_te, y_te), verbose=0)
print("loss per epoch:", hist.history["loss"])
print("distinct test predictions:", np.unique(model.predict(X_te, verbose=0).round(4)).size)
