# corpus: expect=model.type set=blind14
# (blind 2026-12-07) To keep a "backup" of the trained model, the notebook uses keras.models.clone_model(model), which copies only the architecture with freshly initialised weights; the clone is then evaluated/exported as if it were the trained model and scores at chance. https://keras.io/api/models/model_saving_apis/model_config_serialization
# %%
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)

# %%
n, d = 2000, 16
X = np.random.randn(n, d).astype("float32")
y = (X[:, 0] + X[:, 1] * X[:, 2] > 0).astype("float32")
X_train, X_test, y_train, y_test = X[:1600], X[1600:], y[:1600], y[1600:]

# %%
model = keras.Sequential([
    keras.Input(shape=(d,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=6, batch_size=64, validation_split=0.1, verbose=0)
print("trained model test acc:", model.evaluate(X_test, y_test, verbose=0)[1])

# %%
best_model = keras.models.clone_model(model)
best_model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
loss, acc = best_model.evaluate(X_test, y_test, verbose=0)
print("exported model test acc:", acc)
best_model.save("/tmp/b14_best_model.keras")
