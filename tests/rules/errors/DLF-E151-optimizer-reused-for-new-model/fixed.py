# %%
import numpy as np
import keras

rng = np.random.default_rng(11)
inputs = rng.normal(size=(96, 4)).astype("float32")
labels = (inputs[:, 0] > 0).astype("float32")
shared_opt = keras.optimizers.RMSprop(learning_rate=0.005)

# %%
scores = {}
for width in (8, 16):
    candidate = keras.Sequential([keras.Input((4,)), keras.layers.Dense(width, activation="relu"),
                                  keras.layers.Dense(1, activation="sigmoid")])
    new_opt = keras.optimizers.RMSprop.from_config(shared_opt.get_config())  # dlfault-fix
    candidate.compile(optimizer=new_opt, loss="binary_crossentropy")
    candidate.fit(inputs, labels, epochs=1, batch_size=32, verbose=0)
    scores[width] = candidate.evaluate(inputs, labels, verbose=0)
