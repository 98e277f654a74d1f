# %%
import keras

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])

# %%
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001, epsilon=1e-07),   # the default
              loss="binary_crossentropy")

# %%
rms = keras.optimizers.RMSprop(learning_rate=0.001, epsilon=1e-07)   # the default  dlfault-fix
