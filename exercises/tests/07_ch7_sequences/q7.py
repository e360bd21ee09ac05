OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q7',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _E, _W = (np.array([[1.0, 0.0], [0.0, 1.0]]), np.eye(2) * 3)\n'
                                               ">>> check_array(deletion_importance(np.array([1, 1, 1]), _E, _W, np.zeros(2), 0), np.zeros(3), 'three identical characters: deleting one changes "
                                               "nothing')\n"
                                               '>>> _p = lambda z: np.exp(z[0]) / np.exp(z).sum()\n'
                                               '>>> check_array(deletion_importance(np.array([0, 1]), _E, _W, np.zeros(2), 0), [_p(np.array([1.5, 1.5])) - _p(np.array([0.0, 3.0])), _p(np.array([1.5, '
                                               "1.5])) - _p(np.array([3.0, 0.0]))], 'ids [0, 1], one-hot embeddings, W = 3 I')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
