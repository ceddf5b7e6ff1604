"""Small, explainable learned components: sparse linear models over word n-grams.

Inference is pure Python (no numpy or scikit-learn at run time) and runs on one core. A
model's reasons are its top contributing features, and its evidence the character spans of
those features in the text. See ``resources/rules/models/README.md`` for the shipped model.
"""

from terms.learned.features import Feature, extract_features
from terms.learned.linear import LinearModel, Prediction, load_model

__all__ = ["Feature", "LinearModel", "Prediction", "extract_features", "load_model"]
