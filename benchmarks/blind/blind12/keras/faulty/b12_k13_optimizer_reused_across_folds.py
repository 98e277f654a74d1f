# corpus: expect=training.optimizer set=blind12
# (blind 2026-12-07) One Adam instance is created once and passed to the model built in every cross-validation fold, so from the second fold on the optimizer is bound to the first fold's variables (Keras 3 raises; older TF gave NaN/stale state) (CV loop cell). https://github.com/IoBT-VISTEC/MIN2Net/issues/1
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import keras
from sklearn.model_selection import KFold
keras.utils.set_random_seed(13)
X = np.random.randn(300, 12).astype("float32"); y = (X[:, 0] + X[:, 1] > 0).astype("float32")
# %%
optimizer = keras.optimizers.Adam(beta_1=0.9, beta_2=0.999, epsilon=1e-08)
def make_model(opt):
    m = keras.Sequential([keras.Input((12,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
    m.compile(optimizer=opt, loss="binary_crossentropy", metrics=["accuracy"])
    return m
# %%
scores = []
for fold, (tr, va) in enumerate(KFold(3, shuffle=True, random_state=0).split(X)):
    model = make_model(optimizer)
    model.fit(X[tr], y[tr], epochs=3, batch_size=32, verbose=0)
    scores.append(model.evaluate(X[va], y[va], verbose=0)[1])
    print("fold", fold, scores[-1])
