# %%
import keras
import numpy as np

codes = [101, 205, 307, 409]
to_index = keras.layers.IntegerLookup(vocabulary=codes, name="code_index")

# %%
recommender = keras.Sequential([
    keras.Input((1,), dtype="int64"),
    to_index,
    keras.layers.Embedding(input_dim=to_index.vocabulary_size(), output_dim=3),  # dlfault-fix
    keras.layers.Flatten(),
    keras.layers.Dense(1),
])
