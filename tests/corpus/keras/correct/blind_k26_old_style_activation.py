# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %% [markdown]
# Older Keras blog style: separate Activation layers, predict in a loop over a few samples

# %%
import numpy as np
from tensorflow import keras
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Activation, Dropout, BatchNormalization, Input
from tensorflow.keras.optimizers import SGD

# %%
np.random.seed(26)
x_train = np.random.random((600, 20))
y_train = keras.utils.to_categorical(np.random.randint(10, size=(600, 1)), num_classes=10)
x_test = np.random.random((100, 20))
y_test = keras.utils.to_categorical(np.random.randint(10, size=(100, 1)), num_classes=10)

# %%
model = Sequential()
model.add(Input(shape=(20,)))
model.add(Dense(64, use_bias=False))
model.add(BatchNormalization())
model.add(Activation("relu"))
model.add(Dropout(0.5))
model.add(Dense(64))
model.add(Activation("relu"))
model.add(Dropout(0.5))
model.add(Dense(10))
model.add(Activation("softmax"))

sgd = SGD(learning_rate=0.01, momentum=0.9, nesterov=True)
model.compile(loss="categorical_crossentropy", optimizer=sgd, metrics=["accuracy"])

# %%
model.fit(x_train, y_train, epochs=3, batch_size=128, verbose=2)
score = model.evaluate(x_test, y_test, batch_size=128, verbose=0)
print(score)

# %%
for i in range(3):
    sample = x_test[i:i + 1]
    probs = model.predict(sample, verbose=0)[0]
    print(i, probs.argmax(), round(float(probs.max()), 3), y_test[i].argmax())
