# corpus: expect=model.layers.activation set=blind15
# (blind 2026-12-07) The 4-class topic classifier ends in Dense(4, activation="sigmoid") with categorical_crossentropy on one-hot labels, so outputs are independent per class and do not form a distribution (rows do not sum to 1) and the loss only pushes the true class up. https://stackoverflow.com/questions/49990816/sigmoid-activation-for-multi-class-classification
# %%
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(2)
n, d = 2000, 30
topic = rng.integers(0, 4, n)
proto = rng.normal(0, 1, (4, d))
bow = proto[topic] + rng.normal(0, 1.2, (n, d))
y = keras.utils.to_categorical(topic, 4)

# %%
topic_clf = keras.Sequential([
    keras.Input(shape=(d,)),
    layers.Dense(64, activation="relu"),
    layers.Dropout(0.2),
    layers.Dense(4, activation="sigmoid"),
])
topic_clf.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
topic_clf.fit(bow[:1600], y[:1600], epochs=4, batch_size=64, validation_split=0.1, verbose=2)

# %%
probs = topic_clf.predict(bow[1600:], verbose=0)
print("row sums (first 5):", probs[:5].sum(1).round(3))
print("test acc:", (probs.argmax(1) == topic[1600:]).mean())
