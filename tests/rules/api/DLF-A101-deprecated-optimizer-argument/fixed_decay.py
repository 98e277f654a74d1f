# %%
import keras

# %%
schedule = keras.optimizers.schedules.InverseTimeDecay(  # dlfault-fix
    initial_learning_rate=0.1, decay_steps=1, decay_rate=1e-4)  # dlfault-fix
opt = keras.optimizers.SGD(learning_rate=schedule, momentum=0.9)  # dlfault-fix
