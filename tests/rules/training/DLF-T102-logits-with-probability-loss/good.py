# %%
import tensorflow as tf

# %%
model = tf.keras.Sequential([
    tf.keras.Input((8,)),
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(4),
])
model.compile(optimizer="adam",
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])

# %%
# softmax as a separate layer is also fine with the default from_logits=False
clf = tf.keras.Sequential([tf.keras.Input((8,)), tf.keras.layers.Dense(4),
                           tf.keras.layers.Softmax()])
clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
# regression: linear output with mse
reg = tf.keras.Sequential([tf.keras.Input((8,)), tf.keras.layers.Dense(1)])
reg.compile(optimizer="adam", loss="mse")
