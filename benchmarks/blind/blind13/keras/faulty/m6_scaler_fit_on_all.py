# corpus: expect=training.validation also=training.preprocessing set=modern area=6
# (blind 2026-12-07) In the preprocessing cell StandardScaler is fit_transform-ed on the whole dataset before train_test_split, so the test set's statistics are baked into the training features. https://scikit-learn.org/stable/common_pitfalls.html#data-leakage
# %%
import numpy as np
import keras
from keras import layers
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import train_test_split

keras.utils.set_random_seed(0)
X = np.random.randn(1200, 6) * [1, 50, 0.1, 3, 1, 8] + [0, 200, 1, 5, 0, -3]
y = (X[:, 0] + (X[:, 1] - 200) / 50 > 0).astype("int32")

# %%
scaler = StandardScaler()
X_scaled = scaler.fit_transform(X)
X_train, X_test, y_train, y_test = train_test_split(X_scaled, y, test_size=0.25, random_state=0)

# %%
model = keras.Sequential([keras.Input((6,)), layers.Dense(32, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=10, batch_size=32, verbose=0)
print("test:", model.evaluate(X_test, y_test, verbose=0))
