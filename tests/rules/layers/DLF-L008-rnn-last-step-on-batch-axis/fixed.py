# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(200, 20, 3)          # (batch, steps, features)
y = torch.randint(0, 2, (200,))


# %%
class LSTMClassifier(nn.Module):
    def __init__(self, n_feat, hidden, n_classes):
        super().__init__()
        self.lstm = nn.LSTM(3, 16, batch_first=True)   # input (batch, steps, features)  dlfault-fix
        self.fc = nn.Linear(hidden, n_classes)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1, :])


model = LSTMClassifier(3, 16, 2)


# %%
class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(3, 8, batch_first=True)   # input (batch, steps, features)  dlfault-fix

    def forward(self, x):
        seq, h = self.gru(x)
        last = seq[:, -1]
        return last


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = Encoder()
        self.head = nn.Linear(8, 2)

    def forward(self, x):
        return self.head(self.enc(x))


net = Net()
