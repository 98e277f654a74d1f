# %%
import numpy as np
import tensorflow as tf
import keras

keras.mixed_precision.set_global_policy("mixed_float16")

# %%
reg = keras.Sequential([keras.Input((6,)), keras.layers.Dense(16, activation="relu"),
                        keras.layers.Dense(1, dtype="float32")])
sgd = keras.optimizers.SGD(learning_rate=0.05)
feats = np.linspace(0, 1, 60, dtype="float32").reshape(10, 6)
target = feats.sum(axis=1, keepdims=True)

# %% expect: DLF-A163
for _ in range(3):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((reg(feats, training=True) - target) ** 2)
    sgd.apply_gradients(zip(tape.gradient(loss, reg.trainable_variables),
                            reg.trainable_variables))

# %%
keras.mixed_precision.set_global_policy("float32")
