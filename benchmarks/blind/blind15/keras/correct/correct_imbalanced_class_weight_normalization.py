# corpus: correct set=blind15
# (blind 2026-12-07) Fraud detector on ~3% positives: stratified split, a Normalization layer adapted on the training features only, class_weight computed from training label counts, and precision/recall/AUC reported instead of plain accuracy. https://github.com/keras-team/keras/issues/3068
# %%
import numpy as np
import keras
from keras import layers
from sklearn.model_selection import train_test_split

rng = np.random.default_rng(15)
n = 6000
amount = rng.lognormal(3, 1, n)
hour = rng.integers(0, 24, n)
velocity = rng.poisson(2, n)
fraud = ((np.log(amount) > 5.0) & (velocity > 3) | (rng.random(n) < 0.01)).astype("float32")
X = np.stack([np.log(amount), hour / 23.0, velocity / 10.0], 1).astype("float32")
X_tr, X_te, y_tr, y_te = train_test_split(X, fraud, test_size=0.2, stratify=fraud, random_state=0)

# %%
norm = layers.Normalization()
norm.adapt(X_tr)
neg, pos = np.bincount(y_tr.astype(int))
class_weight = {0: (neg + pos) / (2.0 * neg), 1: (neg + pos) / (2.0 * pos)}
print("class weights:", class_weight)

detector = keras.Sequential([
    keras.Input(shape=(3,)),
    norm,
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
detector.compile(optimizer=keras.optimizers.Adam(3e-3), loss="binary_crossentropy",
                 metrics=[keras.metrics.Precision(name="precision"), keras.metrics.Recall(name="recall"), keras.metrics.AUC(name="auc")])
detector.fit(X_tr, y_tr, epochs=6, batch_size=128, class_weight=class_weight, verbose=0)

# %%
scores = detector.evaluate(X_te, y_te, verbose=0, return_dict=True)
print({k: round(float(v), 3) for k, v in scores.items()})
