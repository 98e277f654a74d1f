# corpus: expect=training.validation also=training.preprocessing set=blind12
# (blind 2026-12-07) MinMaxScaler is fit on the full dataset before train_test_split, so test-set statistics leak into preprocessing and the test score is optimistic (preprocessing cell). https://theneuralbase.com/feature-engineering-for-ml/learn/beginner/scaling-leak-fit-on-all-data/
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np, pandas as pd
from sklearn.preprocessing import MinMaxScaler
from sklearn.model_selection import train_test_split
import keras
keras.utils.set_random_seed(4)
df = pd.DataFrame({"sqft": np.random.gamma(5, 300, 800), "rooms": np.random.randint(1, 8, 800),
                   "age": np.random.uniform(0, 80, 800)})
df["price"] = 120 * df.sqft + 5000 * df.rooms - 300 * df.age + np.random.normal(0, 20000, 800)
# %%
scaler = MinMaxScaler()
X_all = scaler.fit_transform(df[["sqft", "rooms", "age"]])
y_all = (df["price"].values / 1e5).astype("float32")
X_train, X_test, y_train, y_test = train_test_split(X_all, y_all, test_size=0.2, random_state=0)
# %%
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
model.fit(X_train, y_train, epochs=20, batch_size=32, verbose=0)
print("test mse:", model.evaluate(X_test, y_test, verbose=0))
