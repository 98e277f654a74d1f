# %%
import keras
import numpy as np

X = np.random.default_rng(0).normal(size=(16, 6)).astype("float32")
model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3, activation="softmax")])

# %%
classes = model.predict(X, verbose=0).argmax(axis=-1)

# %%
from keras.layers import Dense, Dropout
from keras.utils import to_categorical
from tensorflow.keras.optimizers import Adam
from tensorflow.keras.preprocessing.text import Tokenizer   # still there in tf.keras
hidden = keras.layers.Dense(8, kernel_initializer="uniform", activation="relu")

# %%
try:
    import keras.layers.core   # guarded optional import, handled by the notebook
except ImportError:
    pass
