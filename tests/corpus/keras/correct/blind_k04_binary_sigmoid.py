# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Dropout, Input

# %%
# Pima-diabetes-like data
np.random.seed(7)
n = 768
df = pd.DataFrame({
    "Pregnancies": np.random.poisson(3.8, n),
    "Glucose": np.random.normal(121, 32, n),
    "BloodPressure": np.random.normal(69, 19, n),
    "BMI": np.random.normal(32, 8, n),
    "Age": np.random.randint(21, 81, n),
})
df["Outcome"] = ((df.Glucose - 121) / 32 + (df.BMI - 32) / 8 + np.random.normal(0, 1, n) > 0.6).astype(int)
print(df.Outcome.value_counts(normalize=True))
df.head()

# %%
X = df.iloc[:, :-1].values
y = df.iloc[:, -1].values
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=7)
sc = StandardScaler()
X_train = sc.fit_transform(X_train)
X_test = sc.transform(X_test)

# %%
model = Sequential()
model.add(Input(shape=(5,)))
model.add(Dense(12, activation="relu"))
model.add(Dropout(0.1))
model.add(Dense(8, activation="relu"))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])

# %%
model.fit(X_train, y_train, epochs=3, batch_size=10, verbose=0)
_, accuracy = model.evaluate(X_test, y_test, verbose=0)
print("Accuracy: %.2f" % (accuracy * 100))

# %%
predictions = (model.predict(X_test) > 0.5).astype(int)
for i in range(5):
    print("%s => %d (expected %d)" % (X_test[i].round(2).tolist(), predictions[i][0], y_test[i]))
