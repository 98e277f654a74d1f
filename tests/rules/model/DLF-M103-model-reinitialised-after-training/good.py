# %%
import keras
import numpy as np

rng = np.random.default_rng(0)
X = rng.normal(size=(64, 6)).astype("float32")
y = rng.integers(0, 2, size=64)

def build():
    m = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
    m.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return m


# %%
model = build()

# %%
model.fit(X, y, epochs=1, verbose=0)

# %%
model.evaluate(X, y, verbose=0)

# %%
# a fresh model for a second experiment is trained before it is evaluated
model = build()
model.fit(X, y, epochs=1, verbose=0)
model.evaluate(X, y, verbose=0)

# %%
# a feature extractor built from the trained model's own layers, under the same name
model = keras.Model(inputs=model.inputs, outputs=model.layers[0].output)
feats = model.predict(X, verbose=0)
