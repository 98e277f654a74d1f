# corpus: expect=training.preprocessing set=blind15
# (blind 2026-12-07) Star ratings 1..5 are one-hot encoded with keras.utils.to_categorical without shifting to 0..4, which produces 6 columns, while the output layer has 5 units, so fit raises a ValueError about incompatible shapes (None, 6) vs (None, 5). https://example-a.com/answer/61740817
# %%
import numpy as np
import pandas as pd
import keras
from keras import layers

rng = np.random.default_rng(13)
reviews = pd.DataFrame(rng.normal(size=(600, 12)), columns=[f"f{i}" for i in range(12)])
reviews["stars"] = np.clip(np.round(3 + reviews.f0 + 0.5 * reviews.f1), 1, 5).astype(int)
print(reviews.stars.value_counts().sort_index())

# %%
N_CLASSES = reviews.stars.nunique()
X = reviews.drop(columns="stars").values.astype("float32")
Y = keras.utils.to_categorical(reviews.stars.values)
print("X", X.shape, "Y", Y.shape, "classes", N_CLASSES)

# %%
rating_model = keras.Sequential([
    keras.Input(shape=(12,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(N_CLASSES, activation="softmax"),
])
rating_model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
rating_model.fit(X, Y, epochs=3, batch_size=32, verbose=2)
