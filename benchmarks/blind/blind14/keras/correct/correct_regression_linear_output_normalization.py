# corpus: correct set=blind14
# (blind 2026-12-07) House-price regression with a linear Dense(1) output for unbounded targets, a Normalization layer adapt()-ed on the training features only, and predictions flattened with ravel() before comparing with the (N,) targets. https://keras.io/api/layers/preprocessing_layers/numerical/normalization/
# %%
import numpy as np
import pandas as pd
import keras
from keras import layers
from sklearn.model_selection import train_test_split

keras.utils.set_random_seed(0)

# %%
n = 2000
df = pd.DataFrame({
    "sqft": np.random.uniform(500, 4000, n),
    "bedrooms": np.random.randint(1, 6, n),
    "age": np.random.uniform(0, 80, n),
    "distance_km": np.random.uniform(0, 40, n),
})
df["price_k"] = 40 + 0.1 * df.sqft + 10 * df.bedrooms - 0.8 * df.age - 2 * df.distance_km + np.random.randn(n) * 15
X_tr, X_te, y_tr, y_te = train_test_split(df.drop(columns="price_k").values.astype("float32"),
                                          df.price_k.values.astype("float32"), test_size=0.2, random_state=1)

# %%
norm = layers.Normalization()
norm.adapt(X_tr)
model = keras.Sequential([
    keras.Input(shape=(4,)),
    norm,
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse", metrics=["mae"])
model.fit(X_tr, y_tr, epochs=15, batch_size=32, validation_split=0.1, verbose=0)

# %%
pred = model.predict(X_te, verbose=0).ravel()
print("test MAE:", float(np.abs(pred - y_te).mean()), "target std:", float(y_te.std()))
