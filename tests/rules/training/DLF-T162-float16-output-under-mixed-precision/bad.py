# %%
import keras

keras.mixed_precision.set_global_policy("mixed_float16")

# %% expect: DLF-T162
detector = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid", name="is_fraud"),
])
detector.compile(optimizer="adam", loss="binary_crossentropy")

# %%
keras.mixed_precision.set_global_policy("float32")
