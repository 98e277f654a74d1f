# corpus: correct set=modern area=4
# (blind 2026-12-07) Warm-up + cosine decay expressed in optimizer steps (epochs * steps_per_epoch), no ReduceLROnPlateau on top of a schedule. https://keras.io/api/optimizers/learning_rate_schedules/cosine_decay/
# %%
import math
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)
x = np.random.randn(3000, 16).astype("float32")
y = (x[:, :4].sum(1) > 0).astype("int32")
EPOCHS, WARMUP_EPOCHS, BATCH = 6, 1, 32
steps_per_epoch = math.ceil(len(x) * 0.8 / BATCH)

# %%
schedule = keras.optimizers.schedules.CosineDecay(
    initial_learning_rate=0.0, decay_steps=(EPOCHS - WARMUP_EPOCHS) * steps_per_epoch,
    warmup_target=1e-3, warmup_steps=WARMUP_EPOCHS * steps_per_epoch)

# %%
model = keras.Sequential([keras.Input((16,)), layers.Dense(64, activation="relu"), layers.Dense(2)])
model.compile(keras.optimizers.Adam(schedule),
              keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
hist = model.fit(x, y, epochs=EPOCHS, batch_size=BATCH, validation_split=0.2, verbose=0,
                 callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)])
print("val_acc", [round(v, 3) for v in hist.history["val_accuracy"]])
