# %%
import keras
import numpy as np

texts = np.array(["red fox", "blue bird", "red bird"])
vec = keras.layers.TextVectorization(output_sequence_length=3)
vec.adapt(texts)

# %%
# the table is sized from the vectorizer, reserved indices included
inp = keras.Input((1,), dtype="string")
ids = vec(inp)
emb = keras.layers.Embedding(vec.vocabulary_size(), 4)(ids)
clf = keras.Model(inp, keras.layers.Dense(1)(keras.layers.GlobalAveragePooling1D()(emb)))
