# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %% [markdown]
# Functional API with several inputs and outputs (ticket triage, keras.io guide style)

# %%
import numpy as np
import keras
from keras import layers

num_tags = 12
num_words = 1000
num_departments = 4

# %%
title_input = keras.Input(shape=(None,), name="title")
body_input = keras.Input(shape=(None,), name="body")
tags_input = keras.Input(shape=(num_tags,), name="tags")

title_features = layers.Embedding(num_words, 32)(title_input)
body_features = layers.Embedding(num_words, 32)(body_input)
title_features = layers.LSTM(32)(title_features)
body_features = layers.LSTM(16)(body_features)
x = layers.concatenate([title_features, body_features, tags_input])

priority_pred = layers.Dense(1, name="priority")(x)
department_pred = layers.Dense(num_departments, name="department")(x)

model = keras.Model(inputs=[title_input, body_input, tags_input],
                    outputs={"priority": priority_pred, "department": department_pred})

# %%
model.compile(
    optimizer=keras.optimizers.RMSprop(1e-3),
    loss={
        "priority": keras.losses.BinaryCrossentropy(from_logits=True),
        "department": keras.losses.CategoricalCrossentropy(from_logits=True),
    },
    loss_weights={"priority": 1.0, "department": 0.2},
)

# %%
title_data = np.random.randint(num_words, size=(320, 10))
body_data = np.random.randint(num_words, size=(320, 50))
tags_data = np.random.randint(2, size=(320, num_tags)).astype("float32")
priority_targets = np.random.randint(2, size=(320, 1)).astype("float32")
dept_targets = keras.utils.to_categorical(np.random.randint(num_departments, size=(320,)), num_departments)

model.fit(
    {"title": title_data, "body": body_data, "tags": tags_data},
    {"priority": priority_targets, "department": dept_targets},
    epochs=2,
    batch_size=32,
    verbose=2,
)

# %%
out = model.predict({"title": title_data[:3], "body": body_data[:3], "tags": tags_data[:3]}, verbose=0)
print(out["priority"].shape, out["department"].shape)
