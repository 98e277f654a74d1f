# corpus: correct set=blind15
# (blind 2026-12-07) Custom GradientTape GAN loop with one Adam instance per network (discriminator and generator each keep their own moment estimates), logits with BinaryCrossentropy(from_logits=True), and training=True in both tapes. https://github.com/mrosol/Nonlincausality/pull/12
# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers

rng = np.random.default_rng(14)
real_data = (rng.normal(size=(512, 2)) * [0.5, 0.2] + [2.0, -1.0]).astype("float32")
LATENT = 4

generator = keras.Sequential([keras.Input(shape=(LATENT,)), layers.Dense(16, activation="relu"), layers.Dense(2)])
discriminator = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(16, activation="relu"), layers.Dense(1)])
bce = keras.losses.BinaryCrossentropy(from_logits=True)
d_opt = keras.optimizers.Adam(learning_rate=1e-3, beta_1=0.5)
g_opt = keras.optimizers.Adam(learning_rate=1e-3, beta_1=0.5)

# %%
def train_step(real):
    noise = tf.random.normal((tf.shape(real)[0], LATENT))
    with tf.GradientTape() as d_tape:
        fake = generator(noise, training=True)
        d_real = discriminator(real, training=True)
        d_fake = discriminator(fake, training=True)
        d_loss = bce(tf.ones_like(d_real), d_real) + bce(tf.zeros_like(d_fake), d_fake)
    d_grads = d_tape.gradient(d_loss, discriminator.trainable_variables)
    d_opt.apply_gradients(zip(d_grads, discriminator.trainable_variables))

    with tf.GradientTape() as g_tape:
        fake = generator(noise, training=True)
        g_logits = discriminator(fake, training=True)
        g_loss = bce(tf.ones_like(g_logits), g_logits)
    g_grads = g_tape.gradient(g_loss, generator.trainable_variables)
    g_opt.apply_gradients(zip(g_grads, generator.trainable_variables))
    return d_loss, g_loss

# %%
ds = tf.data.Dataset.from_tensor_slices(real_data).shuffle(512).batch(64)
for epoch in range(3):
    for batch in ds:
        d_l, g_l = train_step(batch)
    print(epoch, float(d_l), float(g_l))
print("generated mean:", generator(tf.random.normal((256, LATENT))).numpy().mean(0))
