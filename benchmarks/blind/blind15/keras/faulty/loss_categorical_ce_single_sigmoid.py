# corpus: expect=training.loss set=blind15
# (blind 2026-12-07) A binary spam detector with a single sigmoid output is compiled with categorical_crossentropy; with one output unit that loss is constant (the one-element "distribution" is always 1), so it reports loss 0 and the model never learns to separate the classes. https://stats.stackexchange.com/questions/565956/confused-with-binary-cross-entropy-vs-categorical-cross-entropy
# %%
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(10)
n = 2000
feats = rng.normal(size=(n, 15)).astype("float32")
is_spam = (feats[:, 0] + 0.8 * feats[:, 1] - 0.5 * feats[:, 2] > 0.3).astype("float32").reshape(-1, 1)

# %%
spam_net = keras.Sequential([
    keras.Input(shape=(15,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
spam_net.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])

# %%
h = spam_net.fit(feats[:1600], is_spam[:1600], epochs=4, batch_size=64, validation_split=0.1, verbose=0)
print("loss:", np.round(h.history["loss"], 4))
pred = (spam_net.predict(feats[1600:], verbose=0) > 0.5).astype("float32")
print("test acc:", (pred == is_spam[1600:]).mean(), "spam rate:", is_spam[1600:].mean())
