# corpus: expect=tensors.shape also=model.layers.properties set=modern area=3
# (blind 2026-12-07) In the model cell nn.TransformerEncoderLayer is created with the default batch_first=False but fed (batch, seq, d_model) tensors, so self-attention mixes different samples of the batch instead of positions of one sequence; no error is raised. https://runebook.dev/zh/docs/pytorch/generated/torch.nn.transformerencoderlayer/torch.nn.TransformerEncoderLayer.forward
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
B, L, D = 128, 16, 32
x = torch.randn(B, L, D)
# label depends on the relation between first and last position of the SAME sequence
y = ((x[:, 0, :4] * x[:, -1, :4]).sum(-1) > 0).long()

# %%
class SeqModel(nn.Module):
    def __init__(self):
        super().__init__()
        layer = nn.TransformerEncoderLayer(d_model=D, nhead=4, dim_feedforward=64, dropout=0.0)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        self.cls = nn.Linear(D, 2)

    def forward(self, x):               # x: (batch, seq, d_model)
        h = self.encoder(x)
        return self.cls(h.mean(dim=1))

model = SeqModel()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)

# %%
for step in range(40):
    opt.zero_grad()
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    opt.step()
print("final loss", loss.item())
# the prediction for sample 0 changes when OTHER samples in the batch change
with torch.no_grad():
    a = model(x)[0]
    x2 = x.clone(); x2[1:] = torch.randn_like(x2[1:])
    b = model(x2)[0]
print("sample 0 depends on rest of batch:", not torch.allclose(a, b, atol=1e-5))
