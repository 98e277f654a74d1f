# corpus: expect=training.loss also=model.layers.properties
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(400, 12)
y = torch.randint(0, 10, (400,))    # digit classes 0..9

# %%
model = nn.Sequential(nn.Linear(12, 64), nn.ReLU(), nn.Linear(64, 1))
loss_fn = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

# %%
for epoch in range(3):
    for i in range(0, 400, 50):
        optimizer.zero_grad()
        pred = model(X[i:i + 50])
        loss = loss_fn(pred, y[i:i + 50].float().unsqueeze(1))
        loss.backward()
        optimizer.step()
    print(epoch, loss.item())

# %%
with torch.no_grad():
    guess = model(X).round().squeeze(1)
print("accuracy", (guess == y).float().mean().item())
