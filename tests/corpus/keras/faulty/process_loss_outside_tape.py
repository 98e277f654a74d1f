# corpus: expect=training.process
# %%
import numpy as np
import tensorflow as tf
from tensorflow import keras

rng = np.random.default_rng(0)
X = rng.normal(size=(256, 4)).astype("float32")
y = X.sum(axis=1, keepdims=True).astype("float32")
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1)])
optimizer = keras.optimizers.SGD(learning_rate=0.01)
mse = keras.losses.MeanSquaredError()

# %%
for epoch in range(2):
    with tf.GradientTape() as tape:
        pred = model(X, training=True)
    loss = mse(y, pred)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    print(epoch, float(loss))
