# %%
import keras
import numpy as np

X = np.random.default_rng(0).normal(size=(16, 6)).astype("float32")
model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dropout(0.5), keras.layers.Dense(1)])

# %%
x = X
preds = model(x, training=False)    # or model.predict(x)  dlfault-fix

# %%
# functional model, predictions batch by batch in training mode
inp = keras.Input((6,))
h = keras.layers.BatchNormalization()(keras.layers.Dense(8, activation="relu")(inp))
net = keras.Model(inp, keras.layers.Dense(3, activation="softmax")(h))
outs = []
for i in range(0, len(X), 8):
    x = X[i:i + 8]
    preds = net(x, training=False)    # or net.predict(x)  dlfault-fix
    outs.append(preds)
