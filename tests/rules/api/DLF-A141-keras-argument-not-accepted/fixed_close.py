# %%
from keras.losses import BinaryFocalCrossentropy

# %%
focal = BinaryFocalCrossentropy(gamma=2.0, from_logits=True)  # dlfault-fix
