# corpus: expect=model.type also=training.validation set=blind12
# (blind 2026-12-07) create_model() wraps a list of layer objects instantiated once outside the CV loop, so every fold's "new" Sequential reuses the already-trained weights and later folds start from a model that has seen their validation data (layers cell). https://github.com/keras-team/keras/issues/13872
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import keras
from sklearn.model_selection import KFold
keras.utils.set_random_seed(19)
X = np.random.randn(300, 10).astype("float32")
y = np.random.randint(0, 2, 300).astype("float32")      # pure noise labels
# %%
architecture = [keras.layers.Dense(256, activation="relu"), keras.layers.Dense(256, activation="relu"),
                keras.layers.Dense(1, activation="sigmoid")]
def create_model(layer_list):
    m = keras.Sequential([keras.Input((10,))] + layer_list)
    m.compile(optimizer=keras.optimizers.Adam(3e-3), loss="binary_crossentropy", metrics=["accuracy"])
    return m
# %%
for fold, (tr, va) in enumerate(KFold(5, shuffle=True, random_state=0).split(X)):
    model = create_model(architecture)
    model.fit(X[tr], y[tr], epochs=40, batch_size=32, verbose=0)
    print("fold", fold, "val acc", round(model.evaluate(X[va], y[va], verbose=0)[1], 3))
