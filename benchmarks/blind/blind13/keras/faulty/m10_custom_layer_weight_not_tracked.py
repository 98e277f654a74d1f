# corpus: expect=api also=model.layers.properties set=modern area=10
# (blind 2026-12-07) In the custom layer cell the kernel is created as a constant tensor with keras.ops/numpy in build() instead of self.add_weight(), so it is not a trainable variable: model.trainable_weights misses it and the layer never learns. https://keras.io/guides/making_new_layers_and_models_via_subclassing/
# %%
import numpy as np
import keras
from keras import layers, ops

keras.utils.set_random_seed(0)
x = np.random.randn(1000, 8).astype("float32")
y = (x @ np.random.randn(8, 1)).astype("float32")

# %%
class MyDense(layers.Layer):
    def __init__(self, units, **kw):
        super().__init__(**kw)
        self.units = units

    def build(self, input_shape):
        self.kernel = ops.convert_to_tensor(np.random.randn(input_shape[-1], self.units).astype("float32") * 0.1)
        self.bias = ops.zeros((self.units,))

    def call(self, x):
        return ops.matmul(x, self.kernel) + self.bias

model = keras.Sequential([keras.Input((8,)), MyDense(1)])
model.compile("adam", "mse")
print("trainable weights:", len(model.trainable_weights))

# %%
hist = model.fit(x, y, epochs=5, batch_size=32, verbose=0)
print([round(v, 3) for v in hist.history["loss"]])
