# corpus: expect=model.type set=state also=model.layers.choice
# The Sequential model is created in one cell and its layers are added with model.add() in the
# next one. The user re-runs the add-layers cell (to change the dropout rate, then reverting it),
# so the stack becomes Dense-Dropout-Dense(sigmoid)-Dense-Dropout-Dense(sigmoid): the first
# "output" squashes everything through a sigmoid in the middle of the network, with no error.
# Sources: keras.io/guides/sequential_model ("create a Sequential model incrementally via the
# add() method"); Pimentel et al. MSR 2019 (re-executed cells).
# %%
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(5)
X = np.random.rand(1000, 10).astype("float32")
y = (X[:, 0] + X[:, 1] ** 2 - X[:, 2] > 0.4).astype("float32")

# %% create the model
model = keras.Sequential()
model.add(keras.Input(shape=(10,)))

# %% add layers
model.add(layers.Dense(32, activation="relu"))
model.add(layers.Dropout(0.2))
model.add(layers.Dense(1, activation="sigmoid"))

# %% add layers
model.add(layers.Dense(32, activation="relu"))
model.add(layers.Dropout(0.2))
model.add(layers.Dense(1, activation="sigmoid"))

# %% compile and fit
model.summary()
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X[:800], y[:800], validation_data=(X[800:], y[800:]), epochs=10, verbose=0)
print(model.evaluate(X[800:], y[800:], verbose=0))
