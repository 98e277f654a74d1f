# corpus: expect=tensors.input set=blind15
# (blind 2026-12-07) Images exported from a PyTorch pipeline are stored as (N, 3, 32, 32) and the Keras Input is declared with that shape, so the channels_last Conv2D treats 32 as the channel axis and convolves over a 3x32 "image" with the real width as channels; it trains without any error (it can even fit this toy task), but the kernels slide over the wrong axes and the learned filters are not image filters. https://ppday.cn/2020/09/11/将keras中的变量从NCHW转换成NHWC
# %%
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(6)
N = 800
imgs = rng.normal(0, 0.3, (N, 3, 32, 32)).astype("float32")
lbl = rng.integers(0, 2, N)
yy, xx = np.mgrid[0:32, 0:32]
for i in range(N):
    if lbl[i] == 1:
        imgs[i, :, 8:24, 14:18] += 1.0      # vertical bar
    else:
        imgs[i, :, 14:18, 8:24] += 1.0      # horizontal bar
print(imgs.shape)

# %%
net = keras.Sequential([
    keras.Input(shape=imgs.shape[1:]),
    layers.Conv2D(16, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(pool_size=(1, 2)),
    layers.Conv2D(16, 3, padding="same", activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(2, activation="softmax"),
])
net.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
net.fit(imgs[:640], lbl[:640], epochs=4, batch_size=32, verbose=2)
print(net.evaluate(imgs[640:], lbl[640:], verbose=0))
