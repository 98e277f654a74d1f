# %%
import keras
import numpy as np

codes = [101, 205, 307, 409]
to_index = keras.layers.IntegerLookup(vocabulary=codes, name="code_index")

# %%
recommender = keras.Sequential([  # expect: DLF-L141
    keras.Input((1,), dtype="int64"),
    to_index,
    keras.layers.Embedding(len(codes), 3, name="code_vectors"),
    keras.layers.Flatten(),
    keras.layers.Dense(1),
])
