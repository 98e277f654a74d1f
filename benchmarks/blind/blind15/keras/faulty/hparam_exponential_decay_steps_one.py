# corpus: expect=training.hyperparameters set=blind15
# (blind 2026-12-07) The ExponentialDecay schedule is configured with decay_steps=1 and decay_rate=0.5, i.e. the learning rate halves after every batch and is ~1e-12 after 40 steps, so training effectively stops in the first epoch. https://github.com/cjiang2/VDCNN/issues/4
# %%
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(8)
X = rng.normal(size=(3000, 20)).astype("float32")
y = (np.tanh(X[:, 0] * X[:, 1]) + 0.5 * X[:, 2] > 0).astype("float32")

# %%
schedule = keras.optimizers.schedules.ExponentialDecay(
    initial_learning_rate=1e-3,
    decay_steps=1,
    decay_rate=0.5,
)
clf = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
clf.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule), loss="binary_crossentropy", metrics=["accuracy"])

# %%
hist = clf.fit(X[:2400], y[:2400], validation_data=(X[2400:], y[2400:]), epochs=4, batch_size=32, verbose=0)
for e, (l, va) in enumerate(zip(hist.history["loss"], hist.history["val_accuracy"])):
    print(f"epoch {e}: loss {l:.4f} val_acc {va:.3f}")
print("lr now:", float(schedule(clf.optimizer.iterations)))
