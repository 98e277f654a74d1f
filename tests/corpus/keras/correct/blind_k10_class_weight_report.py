# corpus: correct
# (blind probe, 2026-12-06: written without reading the rules)
# %%
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow import keras
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.metrics import classification_report, confusion_matrix, ConfusionMatrixDisplay

# %%
# credit-card-fraud-like imbalanced data (~5% positives)
rng = np.random.default_rng(4)
n = 1200
raw_df = pd.DataFrame(rng.normal(size=(n, 10)), columns=[f"V{i}" for i in range(1, 11)])
raw_df["Amount"] = rng.exponential(80, n)
raw_df["Class"] = (rng.random(n) < 0.05).astype(int)
raw_df.loc[raw_df.Class == 1, ["V1", "V2"]] += 2.0
neg, pos = np.bincount(raw_df["Class"])
print(f"Examples: total {neg+pos}, positive {pos} ({100*pos/(neg+pos):.2f}%)")

# %%
cleaned_df = raw_df.copy()
cleaned_df["Log Amount"] = np.log(cleaned_df.pop("Amount") + 1e-3)
train_df, test_df = train_test_split(cleaned_df, test_size=0.2, stratify=cleaned_df["Class"], random_state=4)
train_labels = np.array(train_df.pop("Class"))
test_labels = np.array(test_df.pop("Class"))
scaler = StandardScaler()
train_features = np.clip(scaler.fit_transform(train_df), -5, 5)
test_features = np.clip(scaler.transform(test_df), -5, 5)

# %%
METRICS = [keras.metrics.BinaryAccuracy(name="accuracy"),
           keras.metrics.Precision(name="precision"),
           keras.metrics.Recall(name="recall"),
           keras.metrics.AUC(name="auc")]

initial_bias = np.log([pos / neg])
model = keras.Sequential([
    keras.Input(shape=(train_features.shape[-1],)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dropout(0.5),
    keras.layers.Dense(1, activation="sigmoid",
                       bias_initializer=keras.initializers.Constant(initial_bias)),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
              loss=keras.losses.BinaryCrossentropy(), metrics=METRICS)

# %%
weight_for_0 = (1 / neg) * ((neg + pos) / 2.0)
weight_for_1 = (1 / pos) * ((neg + pos) / 2.0)
class_weight = {0: weight_for_0, 1: weight_for_1}
print(class_weight)
history = model.fit(train_features, train_labels, batch_size=64, epochs=3,
                    validation_data=(test_features, test_labels), class_weight=class_weight, verbose=2)

# %%
test_pred = (model.predict(test_features, verbose=0).ravel() > 0.5).astype(int)
print(confusion_matrix(test_labels, test_pred))
print(classification_report(test_labels, test_pred, zero_division=0))
ConfusionMatrixDisplay.from_predictions(test_labels, test_pred)
plt.title("Confusion matrix")
