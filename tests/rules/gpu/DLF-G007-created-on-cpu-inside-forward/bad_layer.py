# %%
import torch
import torch.nn as tnn

accel = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")


class Encoder(tnn.Module):
    def __init__(self):
        super().__init__()
        self.body = tnn.Linear(10, 16)

    def forward(self, x):
        x = torch.tanh(self.body(x))
        x = tnn.Linear(16, 4)(x)
        return x


# %% expect: DLF-G007
enc = Encoder()
enc.to(accel)
codes = enc(torch.randn(3, 10, device=accel))
