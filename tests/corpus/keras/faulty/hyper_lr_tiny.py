# corpus: expect=training.hyperparameters
# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(4)
x = rng.uniform(size=(480, 5)).astype("float32")
y = (x @ np.array([1.0, -2.0, 0.5, 3.0, 1.0])).astype("float32")

model = keras.Sequential([keras.Input(shape=(5,)), layers.Dense(32, activation="relu"), layers.Dense(1)])
opt = keras.optimizers.SGD(learning_rate=1e-9)
model.compile(optimizer=opt, loss="mse", metrics=["mae"])

# %%
model.fit(x, y, epochs=3, batch_size=32, verbose=0)
print("mae", model.evaluate(x, y, verbose=0))
