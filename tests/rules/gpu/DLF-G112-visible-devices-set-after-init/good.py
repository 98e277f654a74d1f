# %%
import os
os.environ["CUDA_VISIBLE_DEVICES"] = "0"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf

tf.random.set_seed(1)
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "0")   # still before TensorFlow looks for GPUs

# %%
print(tf.config.list_logical_devices())
images = tf.random.uniform((16, 8, 8, 1))
os.environ["TF_FORCE_GPU_ALLOW_GROWTH"] = "true"
