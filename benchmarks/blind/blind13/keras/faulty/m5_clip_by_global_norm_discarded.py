# corpus: expect=api also=training.process set=modern area=5
# (blind 2026-12-07) In the custom train_step cell tf.clip_by_global_norm(grads, 1.0) is called but its return value is discarded (it does not clip in place), so the unclipped gradients are applied and the RNN training explodes. https://www.tensorflow.org/api_docs/python/tf/clip_by_global_norm
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(0)
x = np.random.randn(512, 50, 3).astype("float32")
y = (x[:, :, 0].sum(1, keepdims=True) * 5.0).astype("float32")

# %%
class ClippedModel(keras.Model):
    def train_step(self, data):
        xb, yb = data
        with tf.GradientTape() as tape:
            pred = self(xb, training=True)
            loss = self.compute_loss(x=xb, y=yb, y_pred=pred)
        grads = tape.gradient(loss, self.trainable_variables)
        tf.clip_by_global_norm(grads, 1.0)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        return {"loss": loss}

inp = keras.Input((50, 3))
h = layers.SimpleRNN(64, activation="relu")(inp)
model = ClippedModel(inp, layers.Dense(1)(h))
model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")

# %%
hist = model.fit(x, y, epochs=3, batch_size=32, verbose=0)
print("mse after each epoch is not logged by the custom step; evaluate:", model.evaluate(x, y, verbose=0))
