# corpus: expect=training.process also=training.validation
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X_train, X_val = torch.randn(400, 10), torch.randn(100, 10)
y_train, y_val = (X_train[:, 0] > 0).long(), (X_val[:, 0] > 0).long()
model = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Dropout(0.3), nn.Linear(64, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()

def evaluate():
    model.eval()
    with torch.no_grad():
        return (model(X_val).argmax(1) == y_val).float().mean().item()

# %%
for epoch in range(3):
    for i in range(0, 400, 40):
        optimizer.zero_grad()
        loss = loss_fn(model(X_train[i:i+40]), y_train[i:i+40])
        loss.backward()
        optimizer.step()
    print("epoch", epoch, "loss", loss.item(), "val acc", evaluate())
