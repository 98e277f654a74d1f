# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %% [markdown]
# Recommender-style model: integer user/item ids into Embeddings plus standardised numeric features

# %%
import numpy as np
import pandas as pd
import keras
from keras import layers

keras.utils.set_random_seed(29)

# %%
rng = np.random.default_rng(29)
n_users, n_items, n = 200, 150, 3000
ratings = pd.DataFrame({"user_id": rng.integers(0, n_users, n), "item_id": rng.integers(0, n_items, n),
                        "item_price": rng.lognormal(3, 0.5, n), "user_age": rng.integers(16, 70, n)})
ratings["rating"] = np.clip(3 + 0.01 * (ratings.user_id % 7) - 0.005 * ratings.item_price
                            + rng.normal(0, 0.7, n), 1, 5)
ratings = ratings.sample(frac=1.0, random_state=29)
train, test = ratings.iloc[:2400], ratings.iloc[2400:]
num_cols = ["item_price", "user_age"]
mu, sd = train[num_cols].mean(), train[num_cols].std()

def inputs_of(frame):
    return {"user": frame.user_id.values, "item": frame.item_id.values,
            "numeric": ((frame[num_cols] - mu) / sd).values.astype("float32")}

# %%
user_in = keras.Input(shape=(), name="user", dtype="int32")
item_in = keras.Input(shape=(), name="item", dtype="int32")
num_in = keras.Input(shape=(2,), name="numeric")
u = layers.Embedding(n_users, 16)(user_in)
i = layers.Embedding(n_items, 16)(item_in)
dot = layers.Dot(axes=1)([u, i])
deep = layers.Dense(32, activation="relu")(layers.Concatenate()([u, i, num_in]))
out = layers.Dense(1)(layers.Concatenate()([dot, deep]))
model = keras.Model([user_in, item_in, num_in], out)
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse", metrics=[keras.metrics.RootMeanSquaredError()])

# %%
model.fit(inputs_of(train), train.rating.values, epochs=3, batch_size=64, validation_split=0.1, verbose=2)
print(model.evaluate(inputs_of(test), test.rating.values, verbose=0))
