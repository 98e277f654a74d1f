# corpus: expect=model.layers.choice also=model.layers.properties set=blind12
# (blind 2026-12-07) The CNN goes straight from the last Conv2D/activation block to Dense(num_classes) without Flatten/GlobalPooling, so Dense is applied per spatial position and outputs (None, 5, 5, 3) that do not match the labels (model cell). https://github.com/keras-team/keras-contrib/issues/229
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import keras
from keras import layers
keras.utils.set_random_seed(8)
x = np.random.rand(120, 28, 28, 1).astype("float32")
y = keras.utils.to_categorical(np.random.randint(0, 3, 120), 3)
# %%
def build_model(num_classes=3):
    inputs = keras.Input(shape=(28, 28, 1))
    h = layers.Conv2D(8, 3, activation="relu")(inputs)
    h = layers.MaxPooling2D()(h)
    h = layers.Conv2D(16, 3)(h)
    h = layers.BatchNormalization()(h)
    h = layers.Activation("relu")(h)
    h = layers.MaxPooling2D()(h)
    outputs = layers.Dense(num_classes, activation="softmax")(h)
    return keras.Model(inputs, outputs)
model = build_model()
model.summary()
# %%
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=2, batch_size=16, verbose=0)
