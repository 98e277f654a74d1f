# corpus: expect=api
# (blind probe, 2026-12-06) uses the deprecated torch.autograd.Variable wrapper (and volatile=True for inference, which is ignored) instead of plain tensors / torch.no_grad(), cells 3-4
# %%
import numpy as np
import torch
import torch.nn as nn
from torch.autograd import Variable

torch.manual_seed(5)

# %%
rng = np.random.RandomState(5)
x_np = rng.rand(400, 10).astype(np.float32)
y_np = (x_np.sum(axis=1) > 5).astype(np.int64)
x_train, y_train = torch.from_numpy(x_np[:300]), torch.from_numpy(y_np[:300])
x_test, y_test = torch.from_numpy(x_np[300:]), torch.from_numpy(y_np[300:])

model = nn.Sequential(nn.Linear(10, 32), nn.Tanh(), nn.Linear(32, 2))
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

# %%
for epoch in range(3):
    for i in range(0, 300, 30):
        inputs = Variable(x_train[i:i + 30])
        targets = Variable(y_train[i:i + 30])
        optimizer.zero_grad()
        outputs = model(inputs)
        loss = criterion(outputs, targets)
        loss.backward()
        optimizer.step()
    print('Epoch [%d/3], Loss: %.4f' % (epoch + 1, loss.data.item()))

# %%
test_inputs = Variable(x_test, volatile=True)
outputs = model(test_inputs)
_, predicted = torch.max(outputs.data, 1)
print('Accuracy: %.2f %%' % (100.0 * (predicted == y_test).sum().item() / len(y_test)))
