# %%
import keras

# %%
model = keras.Sequential([
    keras.Input((10,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(5, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
# multi-label: sigmoid with binary cross-entropy
tagger = keras.Sequential([keras.Input((10,)), keras.layers.Dense(5, activation="sigmoid")])
tagger.compile(optimizer="adam", loss="binary_crossentropy")
