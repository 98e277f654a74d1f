# corpus: expect=training.validation set=state also=training.data_quality
# The rows come sorted by class (all negatives, then all positives). The notebook has a
# shuffle cell before training, but the user ran fit(validation_split=0.2) first and the
# shuffle cell afterwards. Keras takes the validation split from the LAST 20% of the arrays
# before any shuffling, so validation holds only positives and training sees few of them.
# Sources: Keras fit() reference, search.r-project.org/CRAN/refmans/keras3 (fit: "The validation
# data is selected from the last samples ... before shuffling"); blog.csdn.net/shayCsdn/article/
# details/103079206; github.com/jupyter/notebook/issues/3229 (out-of-order execution).
# %%
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras

keras.utils.set_random_seed(8)
rng = np.random.default_rng(8)
X_neg = rng.normal(-0.5, 1, size=(700, 6))
X_pos = rng.normal(0.5, 1, size=(300, 6))
X = np.vstack([X_neg, X_pos]).astype("float32")
y = np.r_[np.zeros(700), np.ones(300)].astype("float32")

# %% model
model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# %% train
hist = model.fit(X, y, epochs=10, batch_size=32, validation_split=0.2, verbose=0)
print("val acc", hist.history["val_accuracy"][-1])

# %% shuffle rows
perm = rng.permutation(len(X))
X, y = X[perm], y[perm]
