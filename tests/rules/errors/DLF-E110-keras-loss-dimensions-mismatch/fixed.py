# %%
import numpy as np
import keras
from keras import layers

X = np.linspace(0, 1, 64, dtype="float32").reshape(16, 4)
targets = np.linspace(0, 1, 48, dtype="float32").reshape(16, 3)
reg = keras.Sequential([keras.Input((4,)),
                        layers.Dense(3)])   # last layer: one unit per target column  dlfault-fix
reg.compile(optimizer="adam", loss="mse")

# %%
print(targets.shape)     # (N, 3)  dlfault-fix
reg.fit(X, targets, epochs=1, verbose=0)
