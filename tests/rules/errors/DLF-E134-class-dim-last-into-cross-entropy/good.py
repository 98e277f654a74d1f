# %%
import torch
import torch.nn.functional as F

torch.manual_seed(23)
scores = torch.randn(5, 3, 8)           # (N, C, L): classes already in dim 1
marks = torch.randint(0, 3, (5, 8))
l1 = F.cross_entropy(scores, marks)
flat = torch.randn(5, 8, 3)
l2 = F.cross_entropy(flat.reshape(-1, 3), marks.reshape(-1))
