# corpus: expect=model.layers.activation
# (blind probe, 2026-12-06) hidden Dense layers have no activation (default linear), so the deep stack collapses to a linear model, cell 3
# %%
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow import keras
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

tf.random.set_seed(1)

# %%
rng = np.random.default_rng(1)
n = 900
df = pd.DataFrame(rng.normal(size=(n, 6)), columns=[f"f{i}" for i in range(6)])
df["target"] = ((df.f0 ** 2 + df.f1 ** 2) < 1.2).astype(int)   # circular decision boundary
X_train, X_test, y_train, y_test = train_test_split(df.drop(columns="target"), df["target"], test_size=0.25, random_state=1, stratify=df["target"])
sc = StandardScaler()
X_train = sc.fit_transform(X_train)
X_test = sc.transform(X_test)

# %%
model = keras.models.Sequential()
model.add(keras.layers.Input(shape=(6,)))
model.add(keras.layers.Dense(64))
model.add(keras.layers.Dense(32))
model.add(keras.layers.Dense(16))
model.add(keras.layers.Dense(1, activation="sigmoid"))
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy", metrics=["accuracy"])

# %%
hist = model.fit(X_train, y_train.values, epochs=3, batch_size=32, validation_data=(X_test, y_test.values), verbose=2)

# %%
loss, acc = model.evaluate(X_test, y_test.values, verbose=0)
print(f"test accuracy = {acc:.3f}")
