# %%
import numpy as np
import keras
from keras import layers

X = np.zeros((64, 4), dtype="float32")
y = np.linspace(0, 1, 64, dtype="float32")
model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")

# %%
model.fit(X, y, epochs=1, verbose=0, batch_size=2048)  # dlfault-fix
