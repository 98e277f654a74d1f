# %%
import keras
from keras import layers

keras.mixed_precision.set_global_policy("mixed_float16")

# %% float16 body, float32 head through a separate Softmax layer
src = keras.Input((20,))
z = layers.Dense(64, activation="gelu")(src)
z = layers.Dense(5)(z)
probs = layers.Softmax(dtype="float32")(z)
ranker = keras.Model(src, probs)
ranker.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")

# %% a regression output (no squashing) stays float16 here: not this fault
value = keras.Sequential([keras.Input((4,)), layers.Dense(1)])

# %%
keras.mixed_precision.set_global_policy("float32")
