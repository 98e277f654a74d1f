# %%
import keras

# %% expect: DLF-T164
lstm_net = keras.Sequential([keras.Input((15, 2)), keras.layers.LSTM(16), keras.layers.Dense(1)])
lstm_net.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3, clipnorm=0.5), loss="mae")
