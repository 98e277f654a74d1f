# corpus: expect=model.layers.choice set=blind15
# (blind 2026-12-07) The CNN goes from the last pooling layer straight into Dense layers without Flatten/GlobalPooling, so Dense is applied per spatial position and the model outputs a 4-D tensor (batch, 5, 5, 5); fit against one-hot (batch, 5) labels raises a shape ValueError. https://stackoom.com/en/question/32hTj
# %%
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(1)
imgs = rng.random((200, 28, 28, 1)).astype("float32")
classes = rng.integers(0, 5, 200)
targets = keras.utils.to_categorical(classes, 5)

# %%
inp = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(16, 3, activation="relu")(inp)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(32, 3, activation="relu")(x)
x = layers.MaxPooling2D()(x)
x = layers.Dense(64, activation="relu")(x)
out = layers.Dense(5, activation="softmax")(x)
cnn = keras.Model(inp, out)
cnn.summary()

# %%
cnn.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
cnn.fit(imgs, targets, epochs=2, batch_size=32)
