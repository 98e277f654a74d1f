# corpus: expect=training.hyperparameters set=blind12
# (blind 2026-12-07) The model is compiled with Adam(learning_rate=10.0), so updates overshoot, units die and the loss stays high / jumps instead of converging (compile cell). https://theneuralbase.com/tensorflow/learn/beginner/nan-loss-learning-rate-or-data/
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import tensorflow as tf
tf.keras.utils.set_random_seed(12)
X_train = np.random.randn(500, 10).astype(np.float32)
y_train = (X_train[:, 0] - X_train[:, 3] > 0).astype(np.float32)
# %%
LR = 10.0
model = tf.keras.Sequential([
    tf.keras.Input((10,)),
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=LR), loss="binary_crossentropy", metrics=["accuracy"])
history = model.fit(X_train, y_train, epochs=10, batch_size=32, verbose=0)
print(history.history["loss"], history.history["accuracy"][-1])
