# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import keras
from keras import ops
import tensorflow as tf

# %%
class CustomModel(keras.Model):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.mae_metric = keras.metrics.MeanAbsoluteError(name="mae")
        self.loss_fn = keras.losses.MeanSquaredError()

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.loss_fn(y, y_pred)
        trainable_vars = self.trainable_variables
        gradients = tape.gradient(loss, trainable_vars)
        self.optimizer.apply_gradients(zip(gradients, trainable_vars))
        self.loss_tracker.update_state(loss)
        self.mae_metric.update_state(y, y_pred)
        return {"loss": self.loss_tracker.result(), "mae": self.mae_metric.result()}

    def test_step(self, data):
        x, y = data
        y_pred = self(x, training=False)
        loss = self.loss_fn(y, y_pred)
        self.loss_tracker.update_state(loss)
        self.mae_metric.update_state(y, y_pred)
        return {"loss": self.loss_tracker.result(), "mae": self.mae_metric.result()}

    @property
    def metrics(self):
        return [self.loss_tracker, self.mae_metric]

# %%
inputs = keras.Input(shape=(32,))
h = keras.layers.Dense(16, activation="relu")(inputs)
outputs = keras.layers.Dense(1)(h)
model = CustomModel(inputs, outputs)
model.compile(optimizer="adam")

x = np.random.random((500, 32)).astype("float32")
y = (x.sum(axis=1, keepdims=True) / 32).astype("float32")
model.fit(x, y, epochs=3, batch_size=32, verbose=2)
print(model.evaluate(x[:100], y[:100], verbose=0, return_dict=True))

# %%
class MLPWithDropout(keras.Model):
    def __init__(self):
        super().__init__()
        self.d1 = keras.layers.Dense(32, activation="relu")
        self.drop = keras.layers.Dropout(0.5)
        self.out = keras.layers.Dense(3)

    def call(self, inputs, training=False):
        h = self.d1(inputs)
        h = self.drop(h, training=training)
        return self.out(h)

m2 = MLPWithDropout()
m2.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
           metrics=["accuracy"])
labels = np.random.randint(0, 3, size=500)
m2.fit(x, labels, epochs=2, batch_size=64, verbose=0)
print(ops.convert_to_numpy(ops.softmax(m2(x[:2], training=False))).round(3))
