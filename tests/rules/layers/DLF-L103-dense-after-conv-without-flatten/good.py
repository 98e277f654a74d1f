# %%
import keras

# %%
model = keras.Sequential([
    keras.Input((12, 12, 1)),
    keras.layers.Conv2D(4, 3, activation="relu"),
    keras.layers.MaxPooling2D(),
    keras.layers.Flatten(),
    keras.layers.Dense(3, activation="softmax"),
])
gap = keras.Sequential([
    keras.Input((12, 12, 1)),
    keras.layers.Conv2D(4, 3, activation="relu"),
    keras.layers.GlobalAveragePooling2D(),
    keras.layers.Dense(3, activation="softmax"),
])

# %%
images_model = keras.Sequential([
    keras.Input((28, 28)),
    keras.layers.Flatten(),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
images_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
# per-timestep tagging of a sequence is fine
tagger = keras.Sequential([
    keras.Input((20,), dtype="int32"),
    keras.layers.Embedding(100, 8),
    keras.layers.LSTM(8, return_sequences=True),
    keras.layers.Dense(5, activation="softmax"),
])
tagger.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
