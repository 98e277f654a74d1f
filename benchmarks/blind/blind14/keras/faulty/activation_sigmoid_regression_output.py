# corpus: expect=model.layers.activation set=blind14
# (blind 2026-12-07) A house-price regressor ends in Dense(1, activation="sigmoid") while the targets are prices in thousands (50..500), so every prediction is capped below 1 and the MAE stays at roughly the mean price. https://community.deeplearning.ai/t/output-layer-why-a-linear-activation-function-instead-of-a-relu/657445
# %%
import numpy as np
import pandas as pd
import keras
from keras import layers
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

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
X_tr, X_te, y_tr, y_te = train_test_split(df.drop(columns="price_k"), df.price_k, test_size=0.2, random_state=1)
scaler = StandardScaler().fit(X_tr)
X_tr, X_te = scaler.transform(X_tr), scaler.transform(X_te)

# %%
model = keras.Sequential([
    keras.Input(shape=(4,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse", metrics=["mae"])
model.fit(X_tr, y_tr.values, epochs=10, batch_size=32, validation_split=0.1, verbose=0,
          callbacks=[keras.callbacks.EarlyStopping(patience=3, restore_best_weights=True)])

# %%
pred = model.predict(X_te, verbose=0).ravel()
print("test MAE:", np.abs(pred - y_te.values).mean(), "price mean:", y_te.mean())
print("prediction range:", pred.min(), pred.max())
