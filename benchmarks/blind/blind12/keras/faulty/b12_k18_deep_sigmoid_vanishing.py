# corpus: expect=training.process also=model.layers.activation set=blind12
# (blind 2026-12-07) Eight stacked Dense(128, activation='sigmoid') hidden layers with plain SGD make the gradients vanish in the early layers, so the training loss barely moves (model cell). https://ai.stackexchange.com/questions/16557/what-could-be-the-problem-when-a-neural-network-with-four-hidden-layers-with-the
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import tensorflow as tf
tf.keras.utils.set_random_seed(18)
X = np.random.randint(0, 2, (1000, 30)).astype("float32")
y = (X[:, :10].sum(1) - X[:, 10:20].sum(1)).astype("float32") / 5.0
# %%
def build(depth=8, width=128):
    m = tf.keras.Sequential([tf.keras.Input((30,))])
    for _ in range(depth):
        m.add(tf.keras.layers.Dense(width, activation="sigmoid"))
    m.add(tf.keras.layers.Dense(1))
    return m
model = build()
model.compile(optimizer=tf.keras.optimizers.SGD(0.01), loss="mse")
# %%
h = model.fit(X, y, epochs=8, batch_size=32, verbose=0)
print("loss", [round(l, 4) for l in h.history["loss"]], "target var", y.var())
