# %%
import numpy as np

rng = np.random.default_rng(0)
images = rng.random((200, 28, 28)).astype("float32")

# %%
images = np.expand_dims(images, -1)

# %% expect: DLF-N002
images = np.expand_dims(images, -1)
