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
        self.lstm = nn.LSTM(n_feat, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, n_classes)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1, :])


model = LSTMClassifier(3, 16, 2)


# %%
# sequence-first on purpose: the last step is out[-1] (or h_n[-1])
class SeqFirst(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(3, 8)
        self.fc = nn.Linear(8, 2)

    def forward(self, x):              # x: (steps, batch, features)
        out, h = self.rnn(x)
        return self.fc(out[-1]) + self.fc(h[-1])


seq_model = SeqFirst()


# %%
# sequence-first RNN whose output is moved to batch-first before indexing
class Permuted(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 8)
        self.fc = nn.Linear(8, 2)

    def forward(self, x):
        out, _ = self.lstm(x.transpose(0, 1))
        out = out.transpose(0, 1)
        return self.fc(out[:, -1])


perm_model = Permuted()
