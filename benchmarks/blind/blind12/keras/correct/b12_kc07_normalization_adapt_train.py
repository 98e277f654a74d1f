# corpus: correct set=blind12
# (blind 2026-12-07) Housing regression: train_test_split first, then a keras Normalization layer adapt()-ed on the training features only; NaNs are imputed with training medians before adapting.
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np, pandas as pd
from sklearn.model_selection import train_test_split
import keras
keras.utils.set_random_seed(206)
df = pd.DataFrame({"sqft": np.random.gamma(5, 300, 800), "rooms": np.random.randint(1, 8, 800).astype(float),
                   "age": np.random.uniform(0, 80, 800)})
df["price"] = (120 * df.sqft + 5000 * df.rooms - 300 * df.age + np.random.normal(0, 20000, 800)) / 1e5
df.loc[np.random.rand(800) < 0.03, "age"] = np.nan
train, test = train_test_split(df, test_size=0.2, random_state=0)
med = train.median()
train, test = train.fillna(med), test.fillna(med)
feats = ["sqft", "rooms", "age"]
# %%
norm = keras.layers.Normalization()
norm.adapt(train[feats].values.astype("float32"))
model = keras.Sequential([keras.Input((3,)), norm, keras.layers.Dense(32, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
model.fit(train[feats].values.astype("float32"), train["price"].values, epochs=20, batch_size=32, verbose=0)
print("test mse", model.evaluate(test[feats].values.astype("float32"), test["price"].values, verbose=0))
