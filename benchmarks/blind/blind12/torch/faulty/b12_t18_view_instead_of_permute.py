# corpus: expect=tensors.shape set=blind12
# (blind 2026-12-07) Sequences shaped (batch, seq_len, features) are turned into Conv1d input with .view(B, C, L) instead of .permute(0, 2, 1), which scrambles time steps and channels silently (forward cell). https://e-com-net.com/article/1595368434735095808.htm
# %%
import torch, torch.nn as nn
torch.manual_seed(18)
B, L, C = 64, 30, 4
x = torch.randn(256, L, C)
y = (x[:, :, 0].cumsum(1)[:, -1] > 0).long()
# %%
class TempConv(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(C, 16, kernel_size=5, padding=2)
        self.head = nn.Linear(16, 2)
    def forward(self, seq):                  # seq: (batch, seq_len, features)
        b, l, c = seq.shape
        h = seq.view(b, c, l)
        h = torch.relu(self.conv(h)).mean(-1)
        return self.head(h)
# %%
m = TempConv(); opt = torch.optim.Adam(m.parameters(), 3e-3)
for ep in range(40):
    opt.zero_grad(); out = m(x); loss = nn.functional.cross_entropy(out, y); loss.backward(); opt.step()
print(loss.item(), (out.argmax(1) == y).float().mean().item())
