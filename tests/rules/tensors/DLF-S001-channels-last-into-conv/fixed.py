# %%
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

rng = np.random.default_rng(0)
images = rng.random((8, 32, 32, 3), dtype=np.float32)   # NHWC, as loaded from PIL / Keras
labels = torch.zeros(8, dtype=torch.long)
loader = DataLoader(TensorDataset(torch.from_numpy(images), labels), batch_size=4)
model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                      nn.Linear(8, 10))


# %%
def predict_all():
    preds = []
    for xb, yb in loader:
        xb_nchw = xb.permute(0, 3, 1, 2)   # (N, H, W, C) -> (N, C, H, W)  dlfault-fix
        out = model(xb_nchw)  # dlfault-fix
        preds.append(out.argmax(1))
    return preds


# %%
preds = predict_all()
