# %%
import keras
from keras import layers

# %% layers built in build(), helpers nested in call are not layers
class Gate(layers.Layer):
    def build(self, input_shape):
        self.proj = layers.Dense(input_shape[-1], activation="sigmoid")

    def call(self, x):
        return x * self.proj(x)


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.gate = Gate()
        self.head = layers.Dense(2)

    def call(self, x, training=False):
        return self.head(self.gate(x))


net = Net()
