# %%
import numpy as np

rng = np.random.default_rng(0)
images_raw = rng.random((200, 28, 28)).astype("float32")

# %%
images = np.expand_dims(images_raw, -1)

# %%
images = np.expand_dims(images_raw, -1)

# %%
images = images.reshape(-1, 28, 28, 1)

# %%
images = images.reshape(-1, 28, 28, 1)
