# corpus: correct
# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
income = rng.normal(45000, 15000, 500)
age = rng.uniform(18, 80, 500)
X = np.column_stack([income, age]).astype("float32")
y = ((income > 50000) & (age < 50)).astype("float32")

norm = layers.Normalization()
norm.adapt(X[:400])

model = keras.Sequential([
    keras.Input(shape=(2,)),
    norm,
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# %%
model.fit(X[:400], y[:400], epochs=3, batch_size=32, verbose=0)
print(model.evaluate(X[400:], y[400:], verbose=0))
