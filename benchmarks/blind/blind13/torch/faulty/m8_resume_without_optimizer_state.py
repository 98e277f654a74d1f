# corpus: expect=training.optimizer also=training.process set=modern area=8
# (blind 2026-12-07) The checkpoint cell saves only model.state_dict(); the resume cell builds a fresh Adam (and scheduler) without loading optimizer state, so the moment estimates and the decayed learning rate are reset and the loss jumps after resuming. https://pytorch.org/tutorials/beginner/saving_loading_models.html#saving-loading-a-general-checkpoint-for-inference-and-or-resuming-training
# %%
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(1000, 10)
y = X @ torch.randn(10, 1)

def make():
    m = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, 1))
    o = torch.optim.Adam(m.parameters(), lr=0.05)
    s = torch.optim.lr_scheduler.StepLR(o, step_size=20, gamma=0.1)
    return m, o, s

def run(m, o, s, steps):
    for _ in range(steps):
        o.zero_grad()
        loss = nn.functional.mse_loss(m(X), y)
        loss.backward()
        o.step()
        s.step()
    return loss.item()

# %%
model, optimizer, scheduler = make()
print("loss before checkpoint", run(model, optimizer, scheduler, 60), "lr", scheduler.get_last_lr())
torch.save({"model": model.state_dict(), "epoch": 60}, "/tmp/m8_ckpt.pt")

# %%
ckpt = torch.load("/tmp/m8_ckpt.pt")
model2, optimizer2, scheduler2 = make()
model2.load_state_dict(ckpt["model"])
print("loss 10 steps after resume", run(model2, optimizer2, scheduler2, 10), "lr", scheduler2.get_last_lr())
