# %%
import torch
from torch import nn

torch.manual_seed(22)
B, T, K = 6, 9, 4
frames = torch.randn(B, T, 10)
phones = torch.randint(0, K, (B, T))
lstm = nn.LSTM(10, 12, batch_first=True)
classify = nn.Linear(12, K)
nll = nn.NLLLoss()

# %%
hidden, _ = lstm(frames)
log_probs = classify(hidden).log_softmax(dim=-1)
frame_loss = nll(log_probs, phones)  # expect: DLF-E134
