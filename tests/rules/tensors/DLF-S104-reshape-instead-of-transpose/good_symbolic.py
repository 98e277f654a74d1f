# %%
import torch
import torch.nn as nn

torch.manual_seed(7)
sensors = torch.randn(12, 5, 40)      # (recordings, channels, time)


class Recurrent(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(5, 8, batch_first=True)
        self.out = nn.Linear(8, 2)

    def forward(self, sig):
        n, ch, steps = sig.shape
        sig = sig.permute(0, 2, 1).reshape(n, steps, ch)   # axes moved first
        seq, _ = self.rnn(sig)
        last = seq[:, -1]
        return self.out(last.view(last.size(0), last.size(1)))


# %%
rec = Recurrent()
scores = rec(sensors)
