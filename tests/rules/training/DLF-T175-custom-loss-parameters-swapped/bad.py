# %%
import keras
import numpy as np
from keras import ops

keras.utils.set_random_seed(1)
feats = np.random.rand(300, 5).astype("float32")
cls = (feats[:, 0] * 3).astype("int64")
target = keras.utils.to_categorical(cls, 3)


def smooth_ce(probs_out, target_onehot):
    soft = target_onehot * 0.9 + 0.1 / 3
    return -ops.mean(ops.sum(soft * ops.log(ops.clip(probs_out, 1e-7, 1.0)), axis=-1))


inp = keras.Input(shape=(5,))
hid = keras.layers.Dense(12, activation="relu")(inp)
net = keras.Model(inp, keras.layers.Dense(3, activation="softmax")(hid))
net.compile(optimizer="sgd", loss=smooth_ce)  # expect: DLF-T175

# %%
net.fit(feats, target, epochs=1, batch_size=50, verbose=0)
