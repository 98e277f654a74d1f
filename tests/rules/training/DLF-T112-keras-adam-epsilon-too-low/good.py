# %%
import keras

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])

# %%
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3, epsilon=1e-7),
              loss="binary_crossentropy")

# %%
rms = keras.optimizers.RMSprop(epsilon=1e-4)
