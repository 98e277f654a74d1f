# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import pandas as pd
import keras
from keras import layers
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.utils.class_weight import compute_class_weight

keras.utils.set_random_seed(22)

# %%
# churn-like: 12% positives
rng = np.random.default_rng(22)
n = 1500
df = pd.DataFrame({
    "tenure": rng.integers(0, 72, n),
    "monthly_charges": rng.uniform(18, 120, n),
    "support_calls": rng.poisson(1.5, n),
    "contract_len": rng.choice([1, 12, 24], n),
})
score = -0.05 * df.tenure + 0.02 * df.monthly_charges + 0.4 * df.support_calls - 0.05 * df.contract_len
df["churn"] = (score + rng.normal(0, 1, n) > np.quantile(score, 0.85)).astype(int)
print(df.churn.mean())

# %%
X_train, X_test, y_train, y_test = train_test_split(df.drop(columns="churn"), df.churn, test_size=0.2,
                                                    stratify=df.churn, random_state=22)
scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_test = scaler.transform(X_test)
cw = compute_class_weight("balanced", classes=np.array([0, 1]), y=y_train)
class_weight = dict(enumerate(cw))
print(class_weight)

# %%
model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(16, activation="relu"),
                          layers.Dense(8, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy",
              metrics=["accuracy", keras.metrics.Recall(name="recall")])

# %%
%%dlcheck
model.fit(X_train, y_train.values, epochs=4, batch_size=32, class_weight=class_weight,
          validation_split=0.15, verbose=2)

# %%
print(model.evaluate(X_test, y_test.values, verbose=0, return_dict=True))
