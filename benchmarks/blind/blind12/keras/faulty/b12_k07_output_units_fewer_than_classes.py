# corpus: expect=model.layers.properties set=blind12
# (blind 2026-12-07) The text classifier's last layer is Dense(2, softmax) although the intent labels run 0..2, so sparse_categorical_crossentropy fails with "Received a label value of 2 which is outside the valid range of [0, 2)" (model cell). https://github.com/llSourcell/tensorflow_chatbot/issues/32
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import tensorflow as tf
tf.keras.utils.set_random_seed(7)
vocab, maxlen = 200, 12
intents = ["greet", "order", "cancel"]
X = np.random.randint(1, vocab, (300, maxlen))
y = np.random.randint(0, len(intents), 300)
# %%
inp = tf.keras.Input((maxlen,))
h = tf.keras.layers.Embedding(vocab, 16)(inp)
h = tf.keras.layers.GlobalAveragePooling1D()(h)
out = tf.keras.layers.Dense(2, activation="softmax")(h)
model = tf.keras.Model(inp, out)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
# %%
model.fit(X, y, epochs=2, batch_size=32, verbose=0)
print(model.evaluate(X, y, verbose=0))
