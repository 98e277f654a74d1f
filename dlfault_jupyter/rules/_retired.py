"""Rule ids that were removed; never reuse one (id -> reason)."""

RETIRED: dict[str, str] = {
    "DLF-T108": "no-shuffle-on-sorted-labels (Keras fit) moved to DLF-A110: the position of "
                "the shuffle is an API fault in the taxonomy",
    "DLF-M102": "linear-dense-stack moved to DLF-L108: a hidden layer without activation is "
                "a missing activation (model.layers.activation), as DLF-L002 for PyTorch",
    "DLF-L003": "sigmoid-before-bce-with-logits moved to DLF-T030: probabilities given to a "
                "loss that expects logits is a loss fault (training.loss), as DLF-T101 for Keras",
}
