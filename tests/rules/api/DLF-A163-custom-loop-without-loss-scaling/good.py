# %%
import numpy as np
import tensorflow as tf
import keras

# %% float32 policy: no loss scaling needed in an own loop
lin = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
adam = keras.optimizers.Adam(1e-2)
pts = np.array([[0, 1], [1, 0], [1, 1]], "float32")
with tf.GradientTape() as tape:
    l2 = tf.reduce_sum(lin(pts) ** 2)
adam.apply_gradients(zip(tape.gradient(l2, lin.trainable_variables), lin.trainable_variables))

# %% mixed precision through compile()/fit(): compile wraps its optimizer itself
keras.mixed_precision.set_global_policy("mixed_float16")
mp = keras.Sequential([keras.Input((2,)), keras.layers.Dense(4),
                       keras.layers.Dense(1, dtype="float32")])
inner = keras.optimizers.RMSprop(1e-3)
mp.compile(optimizer=inner, loss="mse")
mp.fit(pts, np.ones((3, 1), "float32"), epochs=1, verbose=0)

# %%
keras.mixed_precision.set_global_policy("float32")
