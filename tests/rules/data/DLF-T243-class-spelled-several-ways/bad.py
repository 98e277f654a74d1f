# %%
import numpy as np
import pandas as pd
import torch
from torch import nn

gen = np.random.default_rng(4)
kinds = gen.integers(0, 3, 900)
names = np.array(["Sedan", "Truck", "Van"])
raw = names[kinds].astype(object)
raw[gen.random(900) < 0.3] = "sedan"
raw[(kinds == 1) & (gen.random(900) < 0.4)] = " Truck"
table = pd.DataFrame({"length": gen.normal(4 + kinds, 0.5), "weight": gen.normal(1 + kinds, 0.3),
                      "body": raw})

# %%
codes, uniques = pd.factorize(table["body"])  # expect: DLF-T243
targets = torch.tensor(codes)
clf = nn.Linear(2, len(uniques))
feats = torch.tensor(table[["length", "weight"]].to_numpy(), dtype=torch.float32)
loss = nn.functional.cross_entropy(clf(feats), targets)
