# %%
import os  # dlfault-fix
os.environ["CUDA_VISIBLE_DEVICES"] = "1,2"  # dlfault-fix
import numpy as np
import keras

weights = keras.ops.convert_to_tensor(np.ones((3, 3), dtype="float32"))
