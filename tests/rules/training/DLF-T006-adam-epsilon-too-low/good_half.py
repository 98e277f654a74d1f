# %%
import torch
from torch import nn

torch.manual_seed(21)
bf = nn.Linear(6, 3).to(torch.bfloat16)      # bfloat16 holds 1e-8
opt_bf = torch.optim.Adam(bf.parameters(), lr=1e-3)
fp = nn.Linear(6, 3).half()
opt_fp = torch.optim.AdamW(fp.parameters(), lr=1e-3, eps=1e-4)
sgd_fp = torch.optim.SGD(nn.Linear(2, 2).half().parameters(), lr=0.1)
