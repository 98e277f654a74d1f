# %%
import numpy as np
import tensorflow as tf
from keras import ops

# %%
w = tf.constant(np.linspace(-3, 3, 6, dtype="float32"))
clipped, norm = tf.clip_by_global_norm([w], 1.0)
w2 = ops.clip(w, -1.0, 1.0)
buf = np.linspace(-2, 2, 5)
np.clip(buf, -1, 1, out=buf)

# %% the cell's last expression is displayed, not discarded
tf.clip_by_value(w, -0.5, 0.5)
