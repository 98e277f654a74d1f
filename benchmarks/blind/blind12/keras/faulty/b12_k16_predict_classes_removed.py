# corpus: expect=api set=blind12
# (blind 2026-12-07) The evaluation cell calls model.predict_classes(), which was removed from Keras (TF 2.6+), raising AttributeError: 'Sequential' object has no attribute 'predict_classes' (prediction cell). https://github.com/keras-team/keras/issues/15838
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
from tensorflow import keras
keras.utils.set_random_seed(16)
X = np.random.rand(400, 8).astype("float32"); y = (X.sum(1) > 4).astype("int32")
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(12, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X[:300], y[:300], epochs=5, batch_size=10, verbose=0)
# %%
predict_x = model.predict_classes(X[300:])
print("accuracy", (predict_x[:, 0] == y[300:]).mean())
