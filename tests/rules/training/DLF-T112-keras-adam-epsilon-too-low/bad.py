# %%
import keras

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])

# %% expect: DLF-T112
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3, epsilon=1e-30),
              loss="binary_crossentropy")

# %% expect: DLF-T112
rms = keras.optimizers.RMSprop(epsilon=0.0)
