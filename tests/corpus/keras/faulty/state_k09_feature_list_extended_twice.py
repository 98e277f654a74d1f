# corpus: expect=training.data_quality set=state also=tensors.input
# Feature-engineering cell: adds a BMI column and appends its name to the feature list
# (features.append("bmi")). Re-running it duplicates "bmi" in the list, so the input matrix
# has the same column twice and the model's input size (len(features)) silently grows to 5;
# the exported feature list no longer matches the 4 features the deployment code will send.
# Sources: balabit.com/blog/magic-trick-with-pandas (surprising pandas state in notebook
# cells); 0539edu.com/news/596753; Pimentel et al. MSR 2019.
# %%
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import pandas as pd
import keras

keras.utils.set_random_seed(6)
rng = np.random.default_rng(6)
df = pd.DataFrame({
    "age": rng.integers(20, 80, 900),
    "height": rng.normal(1.72, 0.09, 900),
    "weight": rng.normal(78, 14, 900),
})
features = ["age", "height", "weight"]

# %% feature engineering: BMI
df["bmi"] = df["weight"] / df["height"] ** 2
features.append("bmi")
df["risk"] = ((df["bmi"] > 27) & (df["age"] > 45)).astype(int)

# %% feature engineering: BMI
df["bmi"] = df["weight"] / df["height"] ** 2
features.append("bmi")
df["risk"] = ((df["bmi"] > 27) & (df["age"] > 45)).astype(int)

# %% model
X = df[features].to_numpy("float32")
X = (X - X.mean(0)) / X.std(0)
y = df["risk"].to_numpy()
model = keras.Sequential([
    keras.Input((len(features),)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X[:700], y[:700], validation_data=(X[700:], y[700:]), epochs=15, verbose=0)
print(features, model.evaluate(X[700:], y[700:], verbose=0))
