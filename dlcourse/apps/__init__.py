"""Small helpers for the demos of chapter 5, *Applications, challenges and trends*.

One module per demo, each pointing back to the page that builds it step by step:

* :mod:`dlcourse.apps.explain` — saliency and occlusion maps (``chapters/ch5_applications/01_vision_explainability``)
* :mod:`dlcourse.apps.timeseries` — forecasting windows, naive baseline, stock prices (``02_sequences_and_finance``)
* :mod:`dlcourse.apps.text` — character n-gram encoding for a tiny text classifier (``03_language_and_speech``)
* :mod:`dlcourse.apps.audio` — generated signals and spectrograms (``03_language_and_speech``)
* :mod:`dlcourse.apps.recsys` — matrix factorisation by gradient descent (``04_recommenders_and_games``)
* :mod:`dlcourse.apps.bandit` — a multi-armed bandit and an epsilon-greedy agent (``04_recommenders_and_games``)
* :mod:`dlcourse.apps.compute` — parameter and FLOP counts per layer (``05_challenges``)
* :mod:`dlcourse.apps.compress` — post-training int8 quantisation (``06_trends``)
* :mod:`dlcourse.apps.fewshot` — prototype (nearest class mean) classification (``06_trends``; reused by
  ``chapters/ch6_training_deep_networks/05_residual_and_transfer``)
* :mod:`dlcourse.apps.perception` — generated scenes, box IoU and detection scores (``08_driving_perception``)

Importing this package imports neither TensorFlow nor PyTorch; the modules that need PyTorch import it.
"""
