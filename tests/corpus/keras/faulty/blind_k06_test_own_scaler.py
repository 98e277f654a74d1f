# corpus: expect=training.preprocessing
# (blind probe, 2026-12-06) the test set is standardized with a second StandardScaler fit on the test data itself instead of the training scaler, cell 2
# %%
import numpy as np
import pandas as pd
import keras
from keras import layers
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import train_test_split

keras.utils.set_random_seed(6)

# %%
rng = np.random.default_rng(6)
n = 800
data = pd.DataFrame({
    "age": rng.integers(18, 90, n),
    "income": rng.lognormal(10, 0.6, n),
    "balance": rng.normal(2000, 1500, n),
    "tenure": rng.integers(0, 20, n),
})
data["churn"] = ((data.age > 60) ^ (data.balance < 1000)).astype(int)
X = data.drop("churn", axis=1)
y = data["churn"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=6)
scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
test_scaler = StandardScaler()
X_test = test_scaler.fit_transform(X_test)

# %%
classifier = keras.Sequential([
    keras.Input(shape=(4,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(8, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
classifier.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
classifier.fit(X_train, y_train, batch_size=16, epochs=3, verbose=2)

# %%
y_pred = (classifier.predict(X_test, verbose=0) > 0.5).astype(int).ravel()
from sklearn.metrics import accuracy_score, confusion_matrix
print(confusion_matrix(y_test, y_pred))
print("accuracy", accuracy_score(y_test, y_pred))
