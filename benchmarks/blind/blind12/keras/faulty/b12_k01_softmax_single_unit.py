# corpus: expect=model.layers.activation set=blind12
# (blind 2026-12-07) The binary classifier ends in Dense(1) + Activation('softmax'), which always outputs 1.0, so binary_crossentropy gives no useful gradient and predictions are all class 1 (model cell). https://geek-tips.imtqy.com/articles/557592/index.html
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
from keras.models import Sequential
from keras.layers import Conv1D, BatchNormalization, LeakyReLU, Dropout, Flatten, Dense, Activation, Input
import keras
keras.utils.set_random_seed(1)
# %%
X = np.random.randn(600, 10, 4).astype("float32")
y = (X[:, :, 0].mean(1) > 0).astype("float32")
X_train, X_test, y_train, y_test = X[:480], X[480:], y[:480], y[480:]
# %%
model = Sequential()
model.add(Input((10, 4)))
model.add(Conv1D(16, 4, padding="same"))
model.add(BatchNormalization()); model.add(LeakyReLU()); model.add(Dropout(0.2))
model.add(Flatten())
model.add(Dense(64)); model.add(LeakyReLU())
model.add(Dense(1))
model.add(Activation("softmax"))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
# %%
history = model.fit(X_train, y_train, epochs=5, batch_size=64, verbose=0, validation_data=(X_test, y_test))
y_pred = model.predict(X_test, verbose=0)
print("unique predictions:", np.unique(y_pred), "val acc", history.history["val_accuracy"][-1])
