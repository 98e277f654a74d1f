# %%
import keras

# %%
lstm_net = keras.Sequential([keras.Input((15, 2)), keras.layers.LSTM(16), keras.layers.Dense(1)])
opt = keras.optimizers.Adam(learning_rate=0.001, global_clipnorm=0.5)  # dlfault-fix
lstm_net.compile(optimizer=opt, loss="mae")
