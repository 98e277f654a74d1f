# %%
import numpy as np

rng = np.random.default_rng(0)
images = rng.random((200, 28, 28)).astype("float32")
images_raw = images  # dlfault-fix

# %%
images = np.expand_dims(images_raw, -1)  # dlfault-fix

# %%
images = np.expand_dims(images_raw, -1)  # dlfault-fix
