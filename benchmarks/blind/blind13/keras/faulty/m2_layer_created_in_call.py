# corpus: expect=api also=model.type set=modern area=2
# (blind 2026-12-07) In the model cell the custom keras.Model creates its Dense layers inside call() instead of __init__/build, so every traced call makes new, untracked variables; Keras 3 / tf.function refuses to create variables on a non-first call and fit() crashes (eagerly, the weights would be re-initialised each step). https://github.com/calmiLovesAI/Basic_CNNs_TensorFlow2/issues/13
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)
x = np.random.randn(256, 8).astype("float32")
y = np.random.randint(0, 2, size=(256, 1)).astype("float32")

# %%
class Head(keras.Model):
    def __init__(self, units=32):
        super().__init__()
        self.units = units

    def call(self, inputs, training=False):
        h = layers.Dense(self.units, activation="relu")(inputs)
        return layers.Dense(1, activation="sigmoid")(h)

model = Head()
model.compile(optimizer="adam", loss="binary_crossentropy")
print("trainable weights:", len(model.trainable_weights))

# %%
model.fit(x, y, epochs=2, batch_size=32, verbose=0)
print("trainable weights after fit:", len(model.trainable_weights))
