# corpus: correct set=blind15
# (blind 2026-12-07) Star ratings 1..5 are shifted to 0..4 before keras.utils.to_categorical(num_classes=5), so the one-hot targets have exactly as many columns as the softmax output; the argmax prediction is shifted back to stars. https://example-a.com/answer/61740817
# %%
import numpy as np
import pandas as pd
import keras
from keras import layers

rng = np.random.default_rng(13)
reviews = pd.DataFrame(rng.normal(size=(600, 12)), columns=[f"f{i}" for i in range(12)])
reviews["stars"] = np.clip(np.round(3 + reviews.f0 + 0.5 * reviews.f1), 1, 5).astype(int)

# %%
N_CLASSES = 5
X = reviews.drop(columns="stars").values.astype("float32")
Y = keras.utils.to_categorical(reviews.stars.values - 1, num_classes=N_CLASSES)
print("X", X.shape, "Y", Y.shape)

# %%
rating_model = keras.Sequential([
    keras.Input(shape=(12,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(N_CLASSES, activation="softmax"),
])
rating_model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
rating_model.fit(X[:500], Y[:500], epochs=5, batch_size=32, verbose=0)
pred_stars = rating_model.predict(X[500:], verbose=0).argmax(1) + 1
print("exact-star accuracy:", (pred_stars == reviews.stars.values[500:]).mean())
