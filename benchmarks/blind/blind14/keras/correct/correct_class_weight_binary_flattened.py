# corpus: correct set=blind14
# (blind 2026-12-07) Imbalanced binary classifier with Dense(1, sigmoid) + binary_crossentropy, class_weight from sklearn compute_class_weight keyed by class id, and predictions ravel()-ed to (N,) before comparing with y_test so no broadcasting happens. https://www.tensorflow.org/tutorials/structured_data/imbalanced_data
# %%
import numpy as np
import keras
from keras import layers
from sklearn.utils.class_weight import compute_class_weight
from sklearn.model_selection import train_test_split

keras.utils.set_random_seed(0)

# %%
n, d = 4000, 10
X = np.random.randn(n, d).astype("float32")
y = ((X[:, 0] + 0.5 * X[:, 1] + 0.3 * np.random.randn(n)) > 1.6).astype("int64")
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)
weights = compute_class_weight("balanced", classes=np.array([0, 1]), y=y_train)
class_weight = {0: float(weights[0]), 1: float(weights[1])}
print("positive rate:", y_train.mean(), "class weights:", class_weight)

# %%
model = keras.Sequential([
    keras.Input(shape=(d,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy", keras.metrics.Recall()])
model.fit(X_train, y_train, epochs=8, batch_size=64, class_weight=class_weight, verbose=0)

# %%
y_pred = (model.predict(X_test, verbose=0).ravel() > 0.5).astype("int64")
print("accuracy:", (y_pred == y_test).mean(), "recall:", (y_pred[y_test == 1] == 1).mean())
