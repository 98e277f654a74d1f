# corpus: expect=training.validation set=blind12
# (blind 2026-12-07) The data are concatenated class by class (negatives last) and fit(validation_split=0.1, shuffle=True) takes the last 10% before shuffling, so the validation set contains only negatives and val_accuracy is meaningless (fit cell). https://rocuku.github.io/keras-validation-split-shuffle/
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np, pandas as pd
import tensorflow as tf
tf.keras.utils.set_random_seed(3)
pos = pd.DataFrame(np.random.randn(900, 8) + 0.3); pos["label"] = 1
neg = pd.DataFrame(np.random.randn(100, 8) - 0.3); neg["label"] = 0
df = pd.concat([pos, neg], ignore_index=True)
X_train = df.drop(columns="label").values.astype("float32")
y_train = df["label"].values
# %%
model = tf.keras.Sequential([tf.keras.Input((8,)), tf.keras.layers.Dense(16, activation="relu"),
                             tf.keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
hist = model.fit(X_train, y_train, epochs=5, batch_size=32, verbose=0, validation_split=0.1, shuffle=True)
print("val_accuracy:", hist.history["val_accuracy"])
