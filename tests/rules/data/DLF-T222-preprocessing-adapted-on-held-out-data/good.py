# %%
import keras
import numpy as np

rng = np.random.default_rng(12)
feat_train = rng.normal(5.0, 2.0, size=(100, 3)).astype("float32")
feat_test = rng.normal(5.0, 2.0, size=(30, 3)).astype("float32")
unlabeled = rng.normal(5.0, 2.0, size=(50, 3)).astype("float32")
texts_train = np.array(["a small cat", "a big dog"])

# %%
# adapted on the training split (plus unlabeled data, no held-out rows)
scale = keras.layers.Normalization()
scale.adapt(np.concatenate([feat_train, unlabeled]))
tokens = keras.layers.TextVectorization(max_tokens=20)
tokens.adapt(texts_train)
# the held-out data only goes through the adapted layer
scaled_test = scale(feat_test)
