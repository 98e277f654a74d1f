# %%
import math
import numpy as np
import keras

# %% warm-up and cosine decay counted in optimizer steps
x = np.linspace(0, 1, 600, dtype="float32").reshape(300, 2)
y = (x[:, :1] > 0.5).astype("float32")
epochs, batch = 3, 25
steps = math.ceil(len(x) / batch) * epochs
cos = keras.optimizers.schedules.CosineDecay(0.0, decay_steps=steps - 6, warmup_target=1e-2,
                                             warmup_steps=6)
m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
m.compile(optimizer=keras.optimizers.Adam(cos), loss="binary_crossentropy")
m.fit(x, y, epochs=epochs, batch_size=batch, verbose=0)
