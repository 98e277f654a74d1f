# %%
import keras
import numpy as np

# %% expect: DLF-T101
feat_in = keras.Input((12,))
hidden = keras.layers.Dense(24, activation="tanh")(feat_in)
head = keras.layers.Dense(1, activation="sigmoid", name="p_spam")
prob = head(hidden)
scorer = keras.Model(feat_in, prob, name="scorer")

clf = keras.Sequential([keras.Input((12,)), keras.layers.Dropout(0.1), scorer])
clf.compile(optimizer="rmsprop", loss=keras.losses.BinaryCrossentropy(from_logits=True))
