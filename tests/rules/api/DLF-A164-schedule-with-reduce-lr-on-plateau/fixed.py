# %%
import numpy as np
import keras

# %%
decay = keras.optimizers.schedules.PolynomialDecay(5e-3, decay_steps=400, end_learning_rate=1e-5)
clf = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
clf.compile(optimizer=keras.optimizers.RMSprop(learning_rate=0.005), loss="sparse_categorical_crossentropy")  # dlfault-fix
xs = np.linspace(-1, 1, 40, dtype="float32").reshape(10, 4)
ys = (xs[:, 0] > 0).astype("int32")

# %%
clf.fit(xs, ys, epochs=1, verbose=0,
        callbacks=[keras.callbacks.ReduceLROnPlateau(monitor="loss", patience=3)])
