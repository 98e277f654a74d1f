# %%
import torch
import torch.nn as tnn

accel = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")


class Encoder(tnn.Module):
    def __init__(self):
        super().__init__()
        self.body = tnn.Linear(10, 16)
        self.linear = tnn.Linear(16, 4)  # dlfault-fix

    def forward(self, x):
        x = torch.tanh(self.body(x))
        x = self.linear(x)  # dlfault-fix
        return x


# %%
enc = Encoder()
enc.to(accel)
codes = enc(torch.randn(3, 10, device=accel))
