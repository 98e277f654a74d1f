# %%
from keras.losses import BinaryFocalCrossentropy

# %%
focal = BinaryFocalCrossentropy(gamma=2.0, from_logit=True)  # expect: DLF-A141
