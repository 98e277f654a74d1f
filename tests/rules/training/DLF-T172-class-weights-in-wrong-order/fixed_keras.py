# %%
import keras
import numpy as np

rng = np.random.default_rng(41)
grade = rng.choice(4, size=800, p=[0.1, 0.2, 0.6, 0.1]).astype("int64")
marks = (rng.normal(size=(800, 3)) + grade[:, None]).astype("float32")
counts = np.bincount(grade, minlength=4)   # by class id  # dlfault-fix
weights_by_rank = dict(enumerate((counts.sum() / (4 * counts)).tolist()))  # dlfault-fix
scorer = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4)])
scorer.compile(optimizer="adam",
               loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))

# %%
scorer.fit(marks, grade, class_weight=weights_by_rank, epochs=1, verbose=0)
