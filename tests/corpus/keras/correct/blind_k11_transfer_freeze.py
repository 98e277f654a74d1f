# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(1)

# %%
# A "base model" we pretend was pretrained (built locally: no download)
base_model = keras.Sequential([
    keras.Input(shape=(64, 64, 3)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.BatchNormalization(),
    layers.MaxPooling2D(),
    layers.Conv2D(32, 3, activation="relu"),
    layers.BatchNormalization(),
    layers.GlobalAveragePooling2D(),
], name="base")
base_model.trainable = False

inputs = keras.Input(shape=(64, 64, 3))
x = layers.Rescaling(1.0 / 255)(inputs)
x = base_model(x, training=False)   # BN in inference mode
x = layers.Dropout(0.2)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
model.summary(show_trainable=True)

# %%
images = np.random.randint(0, 256, size=(300, 64, 64, 3)).astype("float32")
labels = np.random.randint(0, 2, size=(300, 1)).astype("float32")
train_x, val_x, train_y, val_y = images[:240], images[240:], labels[:240], labels[240:]

model.compile(optimizer=keras.optimizers.Adam(),
              loss=keras.losses.BinaryCrossentropy(from_logits=True),
              metrics=[keras.metrics.BinaryAccuracy()])
model.fit(train_x, train_y, epochs=2, validation_data=(val_x, val_y), verbose=2)

# %%
# fine-tuning: unfreeze the base and recompile with a very low learning rate
base_model.trainable = True
model.compile(optimizer=keras.optimizers.Adam(1e-5),
              loss=keras.losses.BinaryCrossentropy(from_logits=True),
              metrics=[keras.metrics.BinaryAccuracy()])
model.fit(train_x, train_y, epochs=1, validation_data=(val_x, val_y), verbose=2)

# %%
# per-layer freezing variant
clf = keras.Sequential([keras.Input(shape=(20,)),
                        layers.Dense(32, activation="relu", name="feat1"),
                        layers.Dense(32, activation="relu", name="feat2"),
                        layers.Dense(3, activation="softmax", name="out")])
for layer in clf.layers[:-1]:
    layer.trainable = False
clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
clf.fit(np.random.randn(200, 20), np.random.randint(0, 3, 200), epochs=1, verbose=0)
print([ (l.name, l.trainable) for l in clf.layers ])
