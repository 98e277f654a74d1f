# corpus: expect=tensors.input set=blind14
# (blind 2026-12-07) A numeric column read from CSV contains thousand separators, so pandas keeps it as object dtype and df.values is an object array; model.fit raises "ValueError: Invalid dtype: object" (older TF: "Failed to convert a NumPy array to a Tensor (Unsupported object type ...)"). https://openillumi.com/en/en-numpy-dtype-float-unsupported-fix
# %%
import io
import numpy as np
import pandas as pd
import keras
from keras import layers

keras.utils.set_random_seed(0)

# %%
rng = np.random.default_rng(0)
rows = ["income,age,balance,default"]
for _ in range(400):
    inc = rng.integers(20000, 150000)
    rows.append(f'"{inc:,}",{rng.integers(18, 80)},{rng.uniform(0, 5000):.2f},{int(rng.random() < 0.2)}')
df = pd.read_csv(io.StringIO("\n".join(rows)))
print(df.dtypes)

# %%
X = df[["income", "age", "balance"]].values
y = df["default"].values

model = keras.Sequential([
    keras.Input(shape=(3,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=5, batch_size=32, verbose=0)
print(model.evaluate(X, y, verbose=0))
