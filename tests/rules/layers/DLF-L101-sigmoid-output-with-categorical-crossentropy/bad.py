# %%
import keras

# %% expect: DLF-L101
model = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(5, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
