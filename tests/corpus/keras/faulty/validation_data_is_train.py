# corpus: expect=training.validation
# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(3)
x_train = rng.normal(size=(400, 6)).astype("float32")
y_train = (x_train[:, 0] * x_train[:, 1] > 0).astype("float32")

model = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(16, activation="relu"),
                          layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# %%
history = model.fit(x_train, y_train, validation_data=(x_train, y_train),
                    epochs=3, batch_size=32, verbose=0)
print("validation accuracy:", history.history["val_accuracy"][-1])
