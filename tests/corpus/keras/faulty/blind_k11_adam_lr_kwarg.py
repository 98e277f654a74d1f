# corpus: expect=api
# (blind probe, 2026-12-06) uses the removed/deprecated `lr=` argument: keras.optimizers.Adam(lr=0.001) (Keras 3 rejects it), cell 3
# %%
import numpy as np
import keras
from keras.models import Sequential
from keras.layers import Dense, Dropout

keras.utils.set_random_seed(11)

# %%
rng = np.random.default_rng(11)
X = rng.standard_normal((500, 20)).astype("float32")
Y = (X[:, 0] - X[:, 5] > 0).astype("float32")
X_train, Y_train, X_test, Y_test = X[:400], Y[:400], X[400:], Y[400:]

# %%
model = Sequential()
model.add(keras.Input(shape=(20,)))
model.add(Dense(64, activation="relu"))
model.add(Dropout(0.3))
model.add(Dense(1, activation="sigmoid"))
opt = keras.optimizers.Adam(lr=0.001)
model.compile(loss="binary_crossentropy", optimizer=opt, metrics=["accuracy"])

# %%
model.fit(X_train, Y_train, epochs=3, batch_size=32, verbose=2)
print(model.evaluate(X_test, Y_test, verbose=0))
