# %%
import keras

# %%
model = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(32),
    keras.layers.Activation("relu"),
    keras.layers.Dense(1),
])

# %%
inp = keras.Input((2,))
hidden = keras.layers.Dense(16, activation="relu")(inp)
hidden = keras.layers.Dropout(0.2)(hidden)
out = keras.layers.Dense(3, activation="softmax")(hidden)
clf = keras.Model(inp, out)
emb = keras.layers.Dense(8, name="embedding")(hidden)    # a linear embedding output
two = keras.Model(inp, [out, emb])

# %%
autoencoder = keras.Sequential([       # a linear 2-d code, decoded by a non-linear layer
    keras.Input((10,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(2, name="code"),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(10),
])

# %%
pca_ae = keras.Sequential([            # a linear autoencoder: PCA on purpose
    keras.Input((20,)),
    keras.layers.Dense(2),
    keras.layers.Dense(20),
])
pca_ae.compile(optimizer="adam", loss="mse")
