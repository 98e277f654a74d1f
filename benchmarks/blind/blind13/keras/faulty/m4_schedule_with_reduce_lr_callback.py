# corpus: expect=api also=training.hyperparameters set=modern area=4
# (blind 2026-12-07) The optimizer cell uses an ExponentialDecay LearningRateSchedule and the fit cell adds a ReduceLROnPlateau callback; when the plateau triggers, Keras cannot set a learning rate driven by a schedule and fit() crashes with TypeError. https://github.com/tensorflow/tensorflow/issues/36612
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)
x = np.random.randn(800, 8).astype("float32")
y = np.random.randn(800, 1).astype("float32")     # noise target -> val_loss plateaus quickly

# %%
lr_schedule = keras.optimizers.schedules.ExponentialDecay(1e-3, decay_steps=1000, decay_rate=0.9)
model = keras.Sequential([keras.Input((8,)), layers.Dense(32, activation="relu"), layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr_schedule), loss="mse")

# %%
callbacks = [keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=1, min_delta=1.0, verbose=1)]
model.fit(x, y, validation_split=0.2, epochs=6, batch_size=64, callbacks=callbacks, verbose=0)
