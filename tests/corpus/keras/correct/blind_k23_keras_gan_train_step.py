# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %% [markdown]
# GAN with an overridden train_step (keras.io "DCGAN" example structure), small dense version

# %%
import numpy as np
import tensorflow as tf
import keras
from keras import layers, ops

keras.utils.set_random_seed(23)
latent_dim = 16

# %%
# "faces" scaled to [0, 1], flattened 8x8
real = np.clip(np.random.normal(0.5, 0.15, size=(512, 64)), 0, 1).astype("float32")
dataset = tf.data.Dataset.from_tensor_slices(real).shuffle(512).batch(32)

discriminator = keras.Sequential([keras.Input(shape=(64,)), layers.Dense(64), layers.LeakyReLU(0.2),
                                  layers.Dropout(0.2), layers.Dense(1, activation="sigmoid")], name="discriminator")
generator = keras.Sequential([keras.Input(shape=(latent_dim,)), layers.Dense(64), layers.LeakyReLU(0.2),
                              layers.Dense(64, activation="sigmoid")], name="generator")

# %%
class GAN(keras.Model):
    def __init__(self, discriminator, generator, latent_dim):
        super().__init__()
        self.discriminator = discriminator
        self.generator = generator
        self.latent_dim = latent_dim
        self.seed_generator = keras.random.SeedGenerator(1337)

    def compile(self, d_optimizer, g_optimizer, loss_fn):
        super().compile()
        self.d_optimizer = d_optimizer
        self.g_optimizer = g_optimizer
        self.loss_fn = loss_fn
        self.d_loss_metric = keras.metrics.Mean(name="d_loss")
        self.g_loss_metric = keras.metrics.Mean(name="g_loss")

    @property
    def metrics(self):
        return [self.d_loss_metric, self.g_loss_metric]

    def train_step(self, real_images):
        batch_size = ops.shape(real_images)[0]
        z = keras.random.normal(shape=(batch_size, self.latent_dim), seed=self.seed_generator)
        generated = self.generator(z)
        combined = ops.concatenate([generated, real_images], axis=0)
        labels = ops.concatenate([ops.ones((batch_size, 1)), ops.zeros((batch_size, 1))], axis=0)
        labels += 0.05 * tf.random.uniform(tf.shape(labels))   # label noise trick
        with tf.GradientTape() as tape:
            predictions = self.discriminator(combined)
            d_loss = self.loss_fn(labels, predictions)
        grads = tape.gradient(d_loss, self.discriminator.trainable_weights)
        self.d_optimizer.apply_gradients(zip(grads, self.discriminator.trainable_weights))

        z = keras.random.normal(shape=(batch_size, self.latent_dim), seed=self.seed_generator)
        misleading_labels = ops.zeros((batch_size, 1))
        with tf.GradientTape() as tape:
            predictions = self.discriminator(self.generator(z))
            g_loss = self.loss_fn(misleading_labels, predictions)
        grads = tape.gradient(g_loss, self.generator.trainable_weights)
        self.g_optimizer.apply_gradients(zip(grads, self.generator.trainable_weights))

        self.d_loss_metric.update_state(d_loss)
        self.g_loss_metric.update_state(g_loss)
        return {"d_loss": self.d_loss_metric.result(), "g_loss": self.g_loss_metric.result()}

gan = GAN(discriminator=discriminator, generator=generator, latent_dim=latent_dim)
gan.compile(d_optimizer=keras.optimizers.Adam(learning_rate=0.0002),
            g_optimizer=keras.optimizers.Adam(learning_rate=0.0002),
            loss_fn=keras.losses.BinaryCrossentropy())

# %%
%%dlcheck
gan.fit(dataset, epochs=3, verbose=2)

# %%
samples = generator.predict(np.random.normal(size=(4, latent_dim)), verbose=0)
print(samples.shape, samples.mean())
