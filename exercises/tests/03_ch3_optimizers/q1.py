OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_scalar\n'
                                               ">>> check_scalar(label_smoothing_cross_entropy(np.zeros((2, 4)), np.array([0, 3]), 0.1), float(np.log(4)), 'label_smoothing_cross_entropy of all-zero "
                                               "logits (uniform softmax)')\n"
                                               ">>> check_scalar(label_smoothing_cross_entropy(np.array([[0.0, np.log(3.0)]]), np.array([1]), 0.0), float(np.log(4 / 3)), 'with smoothing 0: the plain "
                                               "cross-entropy')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
