# corpus: expect=model.type set=blind15
# (blind 2026-12-07) Every Dense layer of the wine-quality classifier is built with kernel_initializer="zeros"; with ReLU hidden units all activations and hidden gradients are zero, the hidden weights never move and the model only learns the class prior. https://datascience.stackexchange.com/questions/19170/what-is-the-purpose-of-setting-an-initial-weight-on-deep-learning-model/19171
# %%
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
X = rng.normal(size=(1500, 11)).astype("float32")
logits = X[:, :3] @ rng.normal(size=(3, 3)) + 0.5 * np.sin(X[:, 3:6])
y = logits.argmax(1)
X_train, X_test, y_train, y_test = X[:1200], X[1200:], y[:1200], y[1200:]

# %%
def make_model(init="zeros"):
    return keras.Sequential([
        keras.Input(shape=(11,)),
        layers.Dense(64, activation="relu", kernel_initializer=init),
        layers.Dense(32, activation="relu", kernel_initializer=init),
        layers.Dense(3, activation="softmax", kernel_initializer=init),
    ])

quality_model = make_model()
quality_model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])

# %%
hist = quality_model.fit(X_train, y_train, validation_split=0.15, epochs=5, batch_size=64, verbose=0)
print("val acc per epoch:", np.round(hist.history["val_accuracy"], 3))
print("test:", quality_model.evaluate(X_test, y_test, verbose=0))
print("first hidden kernel abs sum:", float(np.abs(quality_model.layers[0].get_weights()[0]).sum()))
