# %%
import keras

keras.mixed_precision.set_global_policy("mixed_float16")

# %%
net = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4),
                        keras.layers.Dense(1, dtype="float32")])
sgd = keras.optimizers.SGD(learning_rate=1e-3)  # dlfault-fix
net.compile(optimizer=sgd, loss="mse")

# %%
keras.mixed_precision.set_global_policy("float32")
