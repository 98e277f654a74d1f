# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(5)

# %%
VOCAB, STEPS = 11, 6
stream = np.arange(240) % VOCAB
windows = np.stack([stream[i:i + STEPS + 1] for i in range(0, 200, 5)])
inputs_tok, next_tok = windows[:, :-1], windows[:, 1:]

tok = keras.Input((STEPS,), dtype="int32")
emb = layers.Embedding(VOCAB, 8)(tok)
mix = layers.MultiHeadAttention(num_heads=2, key_dim=4, name="self_attn")(emb, emb)
lm = keras.Model(tok, layers.Dense(VOCAB)(mix))
lm.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))

# %% expect: DLF-S166
lm.fit(inputs_tok, next_tok, epochs=1, batch_size=8, verbose=0)
