# corpus: expect=training.data_quality set=blind15
# (blind 2026-12-07) Only ~3% of the transactions are fraud and the classifier is trained on the raw imbalanced data with no class weights or resampling, so it learns to predict "not fraud" for everything while the reported accuracy is ~97%. https://github.com/keras-team/keras/issues/3068
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

rng = np.random.default_rng(15)
n = 6000
amount = rng.lognormal(3, 1, n)
hour = rng.integers(0, 24, n)
velocity = rng.poisson(2, n)
fraud = ((np.log(amount) > 5.0) & (velocity > 3) | (rng.random(n) < 0.01)).astype("float32")
X = np.stack([np.log(amount), hour / 23.0, velocity / 10.0], 1).astype("float32")
X = (X - X.mean(0)) / X.std(0)
print("fraud rate:", fraud.mean())

# %%
train_ds = tf.data.Dataset.from_tensor_slices((X[:5000], fraud[:5000])).shuffle(5000).batch(128)
test_X, test_y = X[5000:], fraud[5000:]
detector = keras.Sequential([
    keras.Input(shape=(3,)),
    layers.Dense(8, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
detector.compile(optimizer=keras.optimizers.SGD(0.01), loss="binary_crossentropy", metrics=["accuracy"])
detector.fit(train_ds, epochs=4, verbose=2)

# %%
pred = (detector.predict(test_X, verbose=0).ravel() > 0.5)
print("test accuracy:", (pred == test_y).mean())
print("frauds caught:", int((pred & (test_y == 1)).sum()), "of", int(test_y.sum()))
