# corpus: expect=api set=blind14
# (blind 2026-12-07) Code written for old Keras creates Adam(lr=0.001); in Keras 3 the deprecated `lr` alias was removed and the optimizer constructor raises "ValueError: Argument(s) not recognized: {'lr': 0.001}". https://github.com/philipperemy/keras-tcn/issues/284
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)

# %%
X = np.random.rand(800, 8).astype("float32")
y = (X.sum(1) > 4).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])

# %%
opt = keras.optimizers.Adam(lr=0.001)
model.compile(optimizer=opt, loss="binary_crossentropy", metrics=["accuracy"])

# %%
model.fit(X, y, epochs=5, batch_size=32, verbose=0)
print(model.evaluate(X, y, verbose=0))
