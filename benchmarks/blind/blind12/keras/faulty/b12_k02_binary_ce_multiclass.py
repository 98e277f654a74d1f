# corpus: expect=training.loss set=blind12
# (blind 2026-12-07) A single-label 5-class one-hot problem uses sigmoid outputs with loss='binary_crossentropy' (compile cell), treating the classes as 5 independent binary problems; the reported 'accuracy' and the true argmax accuracy stay poor (old tf.keras even reported an inflated binary accuracy). https://intellipaat.com/community/17161/keras-model-evaluate-vs-model-predict-accuracy-difference-in-multi-class-nlp-task
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import keras
from keras import layers
keras.utils.set_random_seed(2)
nb_classes = 5
X = np.random.randn(1000, 20).astype("float32")
labels = (X[:, :5] + 0.8 * np.random.randn(1000, 5)).argmax(1)
y = keras.utils.to_categorical(labels, nb_classes)
# %%
model = keras.Sequential([
    layers.Input((20,)),
    layers.Dense(32, activation="relu"),
    layers.Dropout(0.2),
    layers.Dense(nb_classes, activation="sigmoid"),
])
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X[:800], y[:800], epochs=10, batch_size=64, verbose=0)
# %%
print("keras evaluate:", model.evaluate(X[800:], y[800:], verbose=0))
pred_classes = model.predict(X[800:], verbose=0).argmax(1)
print("true class accuracy:", (pred_classes == labels[800:]).mean())
