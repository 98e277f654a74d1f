# %%
import numpy as np
import keras

rng = np.random.default_rng(7)
feat = rng.normal(size=(160, 6)).astype("float32")
# multi-label: a sample may carry several tags, or none
tags = (rng.random(size=(160, 4)) < 0.3).astype("float32")

# %%
tagger = keras.Sequential([
    keras.Input((6,)),
    keras.layers.Dense(10, activation="relu"),
    keras.layers.Dense(4, activation="sigmoid"),
])
tagger.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy())
tagger.fit(feat[:128], tags[:128], epochs=1, batch_size=32, verbose=0)
