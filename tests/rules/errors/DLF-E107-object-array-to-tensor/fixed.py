# %%
import numpy as np
import keras
from keras import layers

import tensorflow as tf

rows = np.array([[1.5, "2"], [3.0, "4.5"], [0.5, "1"]], dtype=object)  # a text column

# %%
# in pandas: df = pd.get_dummies(df); df[col] = pd.to_numeric(df[col], errors="coerce")
rows = rows.astype("float32")  # dlfault-fix
