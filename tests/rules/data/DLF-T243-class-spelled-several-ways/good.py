# %%
import numpy as np
import pandas as pd
import torch
from torch import nn
from sklearn.preprocessing import LabelEncoder

gen = np.random.default_rng(4)
kinds = gen.integers(0, 3, 900)
names = np.array(["Sedan", "Truck", "Van"])
raw = names[kinds].astype(object)
raw[gen.random(900) < 0.3] = "sedan"
raw[(kinds == 1) & (gen.random(900) < 0.4)] = " Truck"
table = pd.DataFrame({"length": gen.normal(4 + kinds, 0.5), "weight": gen.normal(1 + kinds, 0.3),
                      "body": raw})

# %%
# cleaned before encoding
table["body"] = table["body"].str.strip().str.lower()
codes, uniques = pd.factorize(table["body"])
as_cat = table["body"].astype("category")
enc = LabelEncoder()
ids = enc.fit_transform(table.body)

# %%
# distinct classes that only look alike are not the same after normalisation
grades = np.array(["A", "B", "C", "A+", "B-"])[gen.integers(0, 5, 300)]
grade_ids = LabelEncoder().fit_transform(grades)
dummies = pd.get_dummies(pd.Series(["red", "green", "blue"] * 10))

# %%
targets = torch.tensor(codes)
clf = nn.Linear(2, len(uniques))
feats = torch.tensor(table[["length", "weight"]].to_numpy(), dtype=torch.float32)
loss = nn.functional.cross_entropy(clf(feats), targets)
