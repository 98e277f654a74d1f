# %%
import numpy as np
import keras
from keras import layers

import tensorflow as tf

rows = np.array([[1.5, "2"], [3.0, "4.5"], [0.5, "1"]], dtype=object)

# %%
t = tf.convert_to_tensor(rows.astype("float32"))
