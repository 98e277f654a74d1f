# corpus: expect=training.preprocessing set=state also=tensors.input
# Execution order: the StandardScaler cell is above model.fit in the notebook, but the user
# executed fit first (on raw features with very different ranges), then the scaling cell,
# then evaluate/predict. The network was trained on unscaled data and is evaluated on
# standardised data.
# Sources: github.com/jupyter/notebook/issues/3229 ("Enforce a top-down order of execution");
# 0539edu.com/news/596753 "Jupyter Notebook单元格执行顺序陷阱提醒"; Pimentel et al. MSR 2019
# (notebooks with out-of-order execution counts).
# %%
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import train_test_split
import keras

keras.utils.set_random_seed(7)
rng = np.random.default_rng(7)
X = np.column_stack([rng.normal(5e4, 1.5e4, 1200), rng.normal(35, 10, 1200), rng.normal(0.5, 0.2, 1200)])
y = ((X[:, 0] - 5e4) / 1.5e4 - (X[:, 1] - 35) / 10 + rng.normal(0, 0.5, 1200) > 0).astype(int)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)

# %% model
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# %% fit
model.fit(X_train, y_train, epochs=10, batch_size=32, validation_split=0.1, verbose=0)

# %% scale features
scaler = StandardScaler().fit(X_train)
X_train = scaler.transform(X_train)
X_test = scaler.transform(X_test)

# %% evaluate
print(model.evaluate(X_test, y_test, verbose=0))
