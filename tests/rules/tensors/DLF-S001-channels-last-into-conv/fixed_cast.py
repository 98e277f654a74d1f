# %%
import torch
from torch import nn

torch.manual_seed(0)
images = torch.rand(8, 32, 32, 3)   # NHWC, as loaded from PIL / Keras
model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                      nn.Linear(8, 10))


# %%
def predict_all():
    images_nchw = images.permute(0, 3, 1, 2)   # (N, H, W, C) -> (N, C, H, W)  dlfault-fix
    return model(images_nchw.type(torch.float32)).argmax(1)


# %%
preds = predict_all()
