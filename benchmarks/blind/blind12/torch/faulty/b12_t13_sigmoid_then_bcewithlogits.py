# corpus: expect=training.loss also=model.layers.activation set=blind12
# (blind 2026-12-07) The recommender head ends in torch.sigmoid and the score is then passed to nn.BCEWithLogitsLoss, which applies sigmoid again, so predictions are squeezed into [0.5,0.73] and the loss does not converge (forward/loss cells). https://github.com/yudi-mars/daisyRec/pull/15
# %%
import torch, torch.nn as nn
torch.manual_seed(13)
n_users, n_items, dim = 50, 40, 8
users = torch.randint(0, n_users, (2000,)); items = torch.randint(0, n_items, (2000,))
true_u, true_i = torch.randn(n_users, dim), torch.randn(n_items, dim)
clicks = ((true_u[users] * true_i[items]).sum(1) > 0).float()
# %%
class MF(nn.Module):
    def __init__(self):
        super().__init__()
        self.u = nn.Embedding(n_users, dim); self.i = nn.Embedding(n_items, dim)
    def forward(self, u, i):
        score = (self.u(u) * self.i(i)).sum(-1)
        return torch.sigmoid(score)
# %%
mf = MF()
loss_fn = nn.BCEWithLogitsLoss()
opt = torch.optim.Adam(mf.parameters(), lr=0.05)
for ep in range(100):
    opt.zero_grad()
    pred = mf(users, items)
    loss = loss_fn(pred, clicks)
    loss.backward(); opt.step()
print("loss", loss.item(), "acc", ((pred > 0.5).float() == clicks).float().mean().item())
