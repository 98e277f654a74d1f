# corpus: expect=tensors.input set=blind14
# (blind 2026-12-07) The classifier is trained on RGB arrays, but the inference cell loads new images the OpenCV way (BGR channel order) and feeds them without converting to RGB, so a colour-dependent model mislabels most of them. https://stackoverflow.com/questions/39316447/opencv-giving-wrong-color-to-colored-images-on-loading
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)

# %%
def make_images(n, rng):
    labels = rng.integers(0, 2, n)              # 0 = red fruit, 1 = blue fruit
    imgs = rng.integers(0, 60, size=(n, 24, 24, 3)).astype("uint8")
    imgs[labels == 0, 6:18, 6:18, 0] = 220      # red channel
    imgs[labels == 1, 6:18, 6:18, 2] = 220      # blue channel
    return imgs, labels

rng = np.random.default_rng(0)
x_train, y_train = make_images(1500, rng)

# %%
model = keras.Sequential([
    keras.Input(shape=(24, 24, 3)),
    layers.Rescaling(1.0 / 255),
    layers.Conv2D(8, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=64, verbose=0)

# %%
def read_camera_frames(n, rng):
    # frames arrive from the OpenCV capture pipeline in BGR order
    frames, y = make_images(n, rng)
    return frames[..., ::-1], y

x_new, y_new = read_camera_frames(300, np.random.default_rng(1))
pred = (model.predict(x_new, verbose=0).ravel() > 0.5).astype(int)
print("accuracy on new photos:", (pred == y_new).mean())
