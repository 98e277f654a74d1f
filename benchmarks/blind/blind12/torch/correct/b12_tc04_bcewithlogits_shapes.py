# corpus: correct set=blind12
# (blind 2026-12-07) Recommender trained with nn.BCEWithLogitsLoss on raw scores; labels are float and the (N,) score is matched to (N,) targets; sigmoid is applied only when reporting accuracy.
# %%
import torch, torch.nn as nn
torch.manual_seed(103)
n_users, n_items, dim = 50, 40, 8
users = torch.randint(0, n_users, (2000,)); items = torch.randint(0, n_items, (2000,))
tu, ti = torch.randn(n_users, dim), torch.randn(n_items, dim)
clicks = ((tu[users] * ti[items]).sum(1) > 0).float()
class MF(nn.Module):
    def __init__(self):
        super().__init__()
        self.u = nn.Embedding(n_users, dim); self.i = nn.Embedding(n_items, dim)
    def forward(self, u, i):
        return (self.u(u) * self.i(i)).sum(-1)
mf = MF(); loss_fn = nn.BCEWithLogitsLoss(); opt = torch.optim.Adam(mf.parameters(), lr=0.05)
# %%
for ep in range(100):
    opt.zero_grad(); logits = mf(users, items); loss = loss_fn(logits, clicks); loss.backward(); opt.step()
print(loss.item(), ((torch.sigmoid(logits) > 0.5).float() == clicks).float().mean().item())
