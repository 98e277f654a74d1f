# %%
import keras

# %% global norm clipping, and clipvalue (element-wise, documented as such)
g = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, activation="relu"),
                         keras.layers.Dense(1)])
g.compile(optimizer=keras.optimizers.SGD(0.01, global_clipnorm=1.0), loss="mse")
v = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
v.compile(optimizer=keras.optimizers.RMSprop(clipvalue=0.5), loss="mse")
