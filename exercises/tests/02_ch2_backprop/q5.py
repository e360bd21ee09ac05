OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q5',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               ">>> check_array(embedding_backward(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([2, 0]), 3), [[3.0, 4.0], [0.0, 0.0], [1.0, 2.0]], 'embedding_backward "
                                               "for indices [2, 0] (no repeats)')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
