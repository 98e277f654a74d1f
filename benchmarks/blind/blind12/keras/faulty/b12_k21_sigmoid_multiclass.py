# corpus: expect=model.layers.activation set=blind12
# (blind 2026-12-07) The 4-class single-label text classifier uses Dense(4, activation='sigmoid') with categorical_crossentropy, so outputs do not form a distribution (rows do not sum to 1) and the loss only pushes the true class up (model cell). https://datascience.stackexchange.com/questions/91069/the-sum-of-multi-class-prediction-is-not-1-using-tensorflow-and-keras
# %%
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import tensorflow as tf
tf.keras.utils.set_random_seed(21)
vocab_size, maxlen = 300, 20
X = np.random.randint(1, vocab_size, (800, maxlen))
topic = np.random.randint(0, 4, 800)
X[:, 0] = topic * 10 + 1                    # a topic keyword at the start
y = tf.keras.utils.to_categorical(topic, 4)
# %%
model = tf.keras.Sequential([
    tf.keras.Input((maxlen,)),
    tf.keras.layers.Embedding(vocab_size, 32),
    tf.keras.layers.LSTM(32),
    tf.keras.layers.Dense(4, activation="sigmoid"),
])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=[tf.keras.metrics.CategoricalAccuracy()])
model.fit(X, y, epochs=3, batch_size=32, verbose=0)
pred = model.predict(X[:5], verbose=0)
print(pred, pred.sum(1))
