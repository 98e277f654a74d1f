# %%
import torch
import torch.nn as tnn

torch.manual_seed(4)
clf = tnn.Sequential(tnn.Linear(6, 12), tnn.ReLU(), tnn.Dropout(0.5), tnn.Linear(12, 3))
held_out = torch.randn(20, 6)

# %%
clf.eval()  # dlfault-fix
with torch.no_grad():
    scores = clf(held_out).softmax(-1)
