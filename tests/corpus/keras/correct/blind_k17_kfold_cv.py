# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import pandas as pd
import keras
from keras import layers
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler
from sklearn.datasets import make_classification

keras.utils.set_random_seed(17)

# %%
X, y = make_classification(n_samples=500, n_features=12, n_informative=5, weights=[0.6, 0.4],
                           random_state=17)
df = pd.DataFrame(X, columns=[f"x{i}" for i in range(12)]).assign(target=y)
df.info()

# %%
def build_model(n_features):
    model = keras.Sequential([
        keras.Input(shape=(n_features,)),
        layers.Dense(32, activation="relu", kernel_regularizer=keras.regularizers.l2(1e-4)),
        layers.Dense(16, activation="relu"),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model

# %%
skf = StratifiedKFold(n_splits=3, shuffle=True, random_state=17)
scores = []
features = df.drop(columns="target").to_numpy()
target = df["target"].to_numpy()
for fold, (tr_idx, va_idx) in enumerate(skf.split(features, target)):
    scaler = StandardScaler()
    X_tr = scaler.fit_transform(features[tr_idx])
    X_va = scaler.transform(features[va_idx])
    model = build_model(X_tr.shape[1])
    model.fit(X_tr, target[tr_idx], epochs=3, batch_size=32, verbose=0)
    loss, acc = model.evaluate(X_va, target[va_idx], verbose=0)
    scores.append(acc)
    print(f"fold {fold}: acc {acc:.3f}")
print(f"CV accuracy {np.mean(scores):.3f} ± {np.std(scores):.3f}")
