# %%
import torch
from torch import nn

series = torch.rand(8, 4, 20)  # (batch, features, steps)
lstm = nn.LSTM(input_size=4, hidden_size=6, batch_first=True)

# %%
series = series.transpose(1, 2)   # (N, features, L) -> (N, L, features)  dlfault-fix
out, (h, c) = lstm(series)
