# corpus: expect=training.process also=tensors.input set=modern area=1
# (blind 2026-12-07) In the model cell the global mixed_float16 policy also makes the final Dense softmax compute in float16 (no dtype="float32" on the output), so probabilities saturate/round and the loss is computed from float16 outputs. https://www.tensorflow.org/guide/mixed_precision
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)
keras.mixed_precision.set_global_policy("mixed_float16")

# %%
x = np.random.randn(1024, 32).astype("float32") * 8
y = (x[:, :3].sum(1) > 0).astype("int32") + (x[:, 3] > 4).astype("int32")

# %%
inputs = keras.Input(shape=(32,))
h = layers.Dense(128, activation="relu")(inputs)
h = layers.Dense(128, activation="relu")(h)
outputs = layers.Dense(3, activation="softmax")(h)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
print("output dtype:", model.output.dtype)

# %%
hist = model.fit(x, y, epochs=4, batch_size=64, validation_split=0.2, verbose=0)
print({k: [round(float(v), 4) for v in vals] for k, vals in hist.history.items()})
p = model.predict(x[:5], verbose=0)
print(p.dtype, p)
