# corpus: expect=training.process also=api set=modern area=8
# (blind 2026-12-07) In the callbacks cell ModelCheckpoint(save_best_only=True) monitors "val_acc", but the metric compiled as "accuracy" is logged as "val_accuracy"; Keras 3 only warns "Can save best model only with val_acc available" and saves after EVERY epoch, so the "best" checkpoint is silently just the last epoch. https://github.com/tensorflow/tensorflow/issues/38648
# %%
import os
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)
x = np.random.randn(600, 10).astype("float32")
y = (x[:, 0] + x[:, 1] > 0).astype("float32")
ckpt_path = "/tmp/m8_best_model.keras"
if os.path.exists(ckpt_path):
    os.remove(ckpt_path)

# %%
model = keras.Sequential([keras.Input((10,)), layers.Dense(32, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
checkpoint = keras.callbacks.ModelCheckpoint(ckpt_path, monitor="val_acc", mode="max", save_best_only=True)

# %%
model.fit(x, y, validation_split=0.2, epochs=4, batch_size=32, callbacks=[checkpoint], verbose=0)
print("checkpoint exists:", os.path.exists(ckpt_path))
best = keras.models.load_model(ckpt_path)   # this is the last epoch, not the best one
