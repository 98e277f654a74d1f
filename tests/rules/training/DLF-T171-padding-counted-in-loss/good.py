# %%
import torch
import torch.nn as nn

torch.manual_seed(3)
PAD = 0
x = torch.randint(1, 30, (48, 10))
y = (x % 4) + 1
for r in range(48):
    x[r, 3 + r % 6:] = PAD
    y[r, 3 + r % 6:] = -100               # padding targets marked for the default ignore_index

net = nn.Sequential(nn.Embedding(30, 8, padding_idx=PAD), nn.Linear(8, 5))
ce = nn.CrossEntropyLoss()
opt = torch.optim.Adam(net.parameters())

# %%
opt.zero_grad()
ce(net(x).reshape(-1, 5), y.reshape(-1)).backward()
opt.step()

# %%
# padding label ignored explicitly
y2 = y.clamp(min=0)
ce_pad = nn.CrossEntropyLoss(ignore_index=0)
opt.zero_grad()
ce_pad(net(x).reshape(-1, 5), y2.reshape(-1)).backward()
opt.step()

# %%
# no padding in the inputs at all: nothing to ignore
x_full = torch.randint(1, 30, (48, 10))
y_full = x_full % 5
opt.zero_grad()
ce(net(x_full).reshape(-1, 5), y_full.reshape(-1)).backward()
opt.step()
