# %%
import numpy as np
from sklearn.model_selection import train_test_split

# a discrete table (survey answers 0-4): different people can give the same answers, so
# equal rows on both sides of a split are not copies
gen = np.random.default_rng(3)
answers = gen.integers(0, 5, size=(2000, 4)).astype("float32")
churn = gen.integers(0, 2, size=2000)
ans_a, ans_b, churn_a, churn_b = train_test_split(answers, churn, test_size=0.3,
                                                  random_state=0)

# %%
# continuous rows without repeats: one split, nothing shared
vals = gen.normal(size=(800, 6))
labels = gen.integers(0, 3, size=800)
v_one, v_two, l_one, l_two = train_test_split(vals, labels, test_size=0.2, random_state=0)
