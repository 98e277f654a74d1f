# %%
import numpy as np
import keras

keras.utils.set_random_seed(1)
features = np.random.randn(256, 6).astype("float32")
target = (features @ np.random.randn(6, 1)).astype("float32")
regressor = keras.Sequential([keras.Input((6,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(1)])
mse = keras.losses.MeanSquaredError()


def one_update(xb, yb):
    sgd = keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)
    import tensorflow as tf
    with tf.GradientTape() as tape:
        loss = mse(yb, regressor(xb, training=True))
    grads = tape.gradient(loss, regressor.trainable_variables)
    sgd.apply_gradients(zip(grads, regressor.trainable_variables))
    return float(loss)


# %%
for epoch in range(2):
    for start in range(0, 256, 64):
        one_update(features[start:start + 64], target[start:start + 64])  # expect: DLF-T019
