# %%
import keras

keras.mixed_precision.set_global_policy("mixed_float16")

# %%
detector = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid", dtype="float32", name="is_fraud"),  # dlfault-fix
])
detector.compile(optimizer="adam", loss="binary_crossentropy")

# %%
keras.mixed_precision.set_global_policy("float32")
