# corpus: expect=training.process also=model.type
# %%
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(0)
X = rng.normal(size=(300, 6)).astype("float32")
y = (X[:, 0] > 0).astype("float32")

def make_model():
    m = keras.Sequential([keras.Input(shape=(6,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
    m.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return m

# %%
# train for 3 epochs, printing after each
for epoch in range(3):
    model = make_model()
    h = model.fit(X, y, epochs=1, batch_size=32, verbose=0)
    print(epoch, h.history["accuracy"][0])
