# corpus: expect=training.process set=modern area=5
# (blind 2026-12-07) In the custom train_step cell the gradient accumulators are applied every ACCUM steps but never reset to zero afterwards, so each update contains the sum of all gradients since the start of training and the step size grows without bound. https://stackoverflow.com/questions/66472201/gradient-accumulation-with-custom-model-fit-in-tf-keras
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(0)
x = np.random.randn(2048, 10).astype("float32")
y = (x @ np.random.randn(10, 1)).astype("float32")
ACCUM = 4

# %%
class AccumModel(keras.Model):
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.n_acc = tf.Variable(0, trainable=False)
        self.acc = None

    def train_step(self, data):
        if self.acc is None:
            self.acc = [tf.Variable(tf.zeros_like(v), trainable=False) for v in self.trainable_variables]
        xb, yb = data
        with tf.GradientTape() as tape:
            loss = self.compute_loss(x=xb, y=yb, y_pred=self(xb, training=True)) / ACCUM
        grads = tape.gradient(loss, self.trainable_variables)
        for a, g in zip(self.acc, grads):
            a.assign_add(g)
        self.n_acc.assign_add(1)
        if tf.equal(self.n_acc % ACCUM, 0):
            self.optimizer.apply_gradients(zip([a.value() for a in self.acc], self.trainable_variables))
        return {"loss": loss * ACCUM}

inp = keras.Input((10,))
model = AccumModel(inp, layers.Dense(1)(layers.Dense(32, activation="relu")(inp)))
model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse", run_eagerly=True)

# %%
hist = model.fit(x, y, epochs=3, batch_size=32, verbose=0)
print("mse after each epoch is not logged by the custom step; evaluate:", model.evaluate(x, y, verbose=0))
