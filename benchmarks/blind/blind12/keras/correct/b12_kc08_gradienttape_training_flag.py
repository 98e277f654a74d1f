# corpus: correct set=blind12
# (blind 2026-12-07) Custom GradientTape loop with Dropout: model(x, training=True) in the train step, model(x, training=False) for validation, targets reshaped to (batch,1) to match predictions, fresh model and optimizer per CV fold.
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import tensorflow as tf
from sklearn.model_selection import KFold
tf.keras.utils.set_random_seed(207)
X = np.random.randn(600, 6).astype("float32")
y = (X @ np.array([1., -2., .5, 0., 3., -1.], dtype="float32")).reshape(-1, 1).astype("float32")
def make_model():
    return tf.keras.Sequential([tf.keras.Input((6,)), tf.keras.layers.Dense(32, activation="relu"),
                                tf.keras.layers.Dropout(0.2), tf.keras.layers.Dense(1)])
# %%
for fold, (tr, va) in enumerate(KFold(3, shuffle=True, random_state=0).split(X)):
    model, opt = make_model(), tf.keras.optimizers.Adam(1e-2)
    ds = tf.data.Dataset.from_tensor_slices((X[tr], y[tr])).shuffle(len(tr)).batch(64)
    for epoch in range(5):
        for xb, yb in ds:
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(yb - model(xb, training=True)))
            grads = tape.gradient(loss, model.trainable_variables)
            opt.apply_gradients(zip(grads, model.trainable_variables))
    val_mse = float(tf.reduce_mean(tf.square(y[va] - model(X[va], training=False))))
    print("fold", fold, "val mse", round(val_mse, 4))
