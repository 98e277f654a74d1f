# %%
import keras
from keras import losses

# %%
# arguments each class takes; layers validate their own **kwargs
smooth = losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.05)
sparse = keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1)
dense = keras.layers.Dense(4, activation="relu", name="head")
