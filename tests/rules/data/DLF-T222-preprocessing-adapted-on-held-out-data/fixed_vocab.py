# %%
import keras
import numpy as np

words_train = np.array(["cat", "dog", "cat", "bird"])
words_test = np.array(["dog", "fox", "owl"])

# %%
vocab_layer = keras.layers.StringLookup()
vocab_layer.adapt(words_train)     # training data only  # dlfault-fix
