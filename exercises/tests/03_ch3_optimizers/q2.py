OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q2',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_scalar\n'
                                               ">>> check_scalar(cross_entropy_from_logits(np.array([[0.0, 0.0]]), np.array([1])), float(np.log(2)), 'cross_entropy_from_logits([[0, 0]], [1])')\n"
                                               ">>> check_scalar(cross_entropy_from_logits(np.array([[1000.0, 0.0], [0.0, 1000.0]]), np.array([0, 0])), 500.0, 'cross_entropy_from_logits with logits "
                                               "of 1000')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
