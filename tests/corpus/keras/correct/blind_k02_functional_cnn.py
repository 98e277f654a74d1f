# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import keras
from keras import layers
from keras.utils import to_categorical

num_classes = 10
input_shape = (32, 32, 3)

# %%
# CIFAR-10-like data
x_train = np.random.randint(0, 256, size=(500, 32, 32, 3)).astype("uint8")
y_train = np.random.randint(0, 10, size=(500, 1))
x_test = np.random.randint(0, 256, size=(100, 32, 32, 3)).astype("uint8")
y_test = np.random.randint(0, 10, size=(100, 1))

x_train = x_train.astype("float32") / 255
x_test = x_test.astype("float32") / 255
y_train = to_categorical(y_train, num_classes)
y_test = to_categorical(y_test, num_classes)
print("x_train shape:", x_train.shape, "y_train shape:", y_train.shape)

# %%
inputs = keras.Input(shape=input_shape)
x = layers.Conv2D(32, 3, padding="same", activation="relu")(inputs)
x = layers.MaxPooling2D(2)(x)
x = layers.Conv2D(64, 3, padding="same", activation="relu")(x)
x = layers.MaxPooling2D(2)(x)
x = layers.Flatten()(x)
x = layers.Dropout(0.5)(x)
outputs = layers.Dense(num_classes, activation="softmax")(x)
model = keras.Model(inputs=inputs, outputs=outputs, name="cifar_cnn")
model.summary()

# %%
model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(1e-3),
              metrics=["accuracy"])
history = model.fit(x_train, y_train, batch_size=64, epochs=2, validation_split=0.1)

# %%
score = model.evaluate(x_test, y_test, verbose=0)
print("Test loss:", score[0])
print("Test accuracy:", score[1])
plt.plot(history.history["loss"], label="train")
plt.plot(history.history["val_loss"], label="val")
plt.legend()
