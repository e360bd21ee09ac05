import numpy as np

from dlcourse.apps import fewshot


def test_prototypes_are_class_means_and_nearest_wins():
    features = np.array([[0.0, 0.0], [2.0, 0.0], [10.0, 10.0], [12.0, 10.0]])
    labels = np.array([3, 3, 7, 7])
    classes, protos = fewshot.prototypes(features, labels)
    assert classes.tolist() == [3, 7]
    assert protos.tolist() == [[1.0, 0.0], [11.0, 10.0]]
    queries = np.array([[0.5, 1.0], [9.0, 9.0], [5.0, 4.0]])
    assert fewshot.nearest_prototype(queries, classes, protos).tolist() == [3, 7, 3]


def test_support_has_k_distinct_examples_per_class():
    labels = np.repeat(np.arange(4), 10)
    idx = fewshot.sample_support(labels, 3, seed=0)
    assert len(idx) == len(set(idx.tolist())) == 12
    assert np.bincount(labels[idx]).tolist() == [3, 3, 3, 3]
