# corpus: expect=training.hyperparameters set=modern area=4
# (blind 2026-12-07) In the schedule cell CosineDecay's warmup_steps and decay_steps are given in EPOCHS, but a LearningRateSchedule is evaluated per optimizer step, so warm-up and decay finish inside the first epoch and the learning rate is ~0 for the rest of training. https://keras.io/api/optimizers/learning_rate_schedules/cosine_decay/
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)
x = np.random.randn(3000, 16).astype("float32")
y = (x[:, :4].sum(1) > 0).astype("int32")
EPOCHS, WARMUP_EPOCHS, BATCH = 10, 2, 32

# %%
schedule = keras.optimizers.schedules.CosineDecay(
    initial_learning_rate=0.0, decay_steps=EPOCHS, warmup_target=1e-3, warmup_steps=WARMUP_EPOCHS)

# %%
model = keras.Sequential([keras.Input((16,)), layers.Dense(64, activation="relu"), layers.Dense(2)])
model.compile(keras.optimizers.Adam(schedule),
              keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
hist = model.fit(x, y, epochs=EPOCHS, batch_size=BATCH, validation_split=0.2, verbose=0)
print("val_acc", [round(v, 3) for v in hist.history["val_accuracy"]])
print("lr now:", float(schedule(model.optimizer.iterations)))
