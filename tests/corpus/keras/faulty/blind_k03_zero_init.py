# corpus: expect=model.layers.properties also=model.type
# (blind probe, 2026-12-06) hidden Dense layers use kernel_initializer='zeros', so all hidden units stay identical (symmetry never broken), cell 3
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(3)

# %%
rng = np.random.default_rng(3)
X = rng.standard_normal((800, 12)).astype("float32")
y = np.argmax(X[:, :3] + 0.2 * rng.standard_normal((800, 3)), axis=1)
X_train, y_train, X_test, y_test = X[:640], y[:640], X[640:], y[640:]

# %%
inputs = keras.Input(shape=(12,), name="features")
x = layers.Dense(64, activation="relu", kernel_initializer="zeros")(inputs)
x = layers.Dense(64, activation="relu", kernel_initializer="zeros")(x)
outputs = layers.Dense(3, activation="softmax", name="predictions")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(
    optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
    loss=keras.losses.SparseCategoricalCrossentropy(),
    metrics=[keras.metrics.SparseCategoricalAccuracy()],
)

# %%
history = model.fit(X_train, y_train, batch_size=64, epochs=3, validation_split=0.2, verbose=2)

# %%
results = model.evaluate(X_test, y_test, batch_size=128, verbose=0)
print("test loss, test acc:", results)
