# %%
import torch
from torch import nn

series = torch.rand(8, 4, 20).transpose(1, 2)  # (batch, steps, features)
lstm = nn.LSTM(input_size=4, hidden_size=6, batch_first=True)

# %%
out, (h, c) = lstm(series)
