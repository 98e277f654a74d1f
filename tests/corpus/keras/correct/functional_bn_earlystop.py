# corpus: correct
# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
X = rng.normal(size=(500, 16)).astype("float32")
y = (X[:, :4].sum(axis=1) > 0).astype("int32")
x_train, x_val, y_train, y_val = X[:400], X[400:], y[:400], y[400:]

inputs = keras.Input(shape=(16,))
h = layers.Dense(64)(inputs)
h = layers.BatchNormalization()(h)
h = layers.Activation("relu")(h)
h = layers.Dropout(0.3)(h)
outputs = layers.Dense(2, activation="softmax")(h)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

# %%
early = keras.callbacks.EarlyStopping(patience=2, restore_best_weights=True)
history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=3,
                    batch_size=32, callbacks=[early], verbose=0)
print(model.evaluate(x_val, y_val, verbose=0))
