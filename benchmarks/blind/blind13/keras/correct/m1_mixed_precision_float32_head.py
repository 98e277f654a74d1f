# corpus: correct set=modern area=1
# (blind 2026-12-07) mixed_float16 as in the TF guide: output softmax layer forced to float32, compile() wraps the optimizer in a LossScaleOptimizer automatically. https://www.tensorflow.org/guide/mixed_precision
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)
keras.mixed_precision.set_global_policy("mixed_float16")

# %%
x = np.random.randn(1024, 32).astype("float32")
y = (x[:, :3].sum(1) > 0).astype("int32") + (x[:, 3] > 1).astype("int32")

# %%
inputs = keras.Input(shape=(32,))
h = layers.Dense(128, activation="relu")(inputs)
h = layers.Dense(128, activation="relu")(h)
logits = layers.Dense(3)(h)
outputs = layers.Activation("softmax", dtype="float32")(logits)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
print(type(model.optimizer).__name__, model.output.dtype)

# %%
hist = model.fit(x, y, epochs=4, batch_size=64, validation_split=0.2, verbose=0)
print({k: round(float(v[-1]), 4) for k, v in hist.history.items()})
