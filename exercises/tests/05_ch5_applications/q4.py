OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q4',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array, check_scalar\n'
                                               '>>> _out = dropout(np.ones((2, 3)), 0.5, np.random.default_rng(0))\n'
                                               '>>> _keep = np.random.default_rng(0).random((2, 3)) >= 0.5\n'
                                               ">>> check_array(_out, _keep * 2.0, 'dropout(ones((2, 3)), 0.5, default_rng(0))')\n"
                                               ">>> check_scalar(float(dropout(np.ones((400, 500)), 0.3, np.random.default_rng(1)).mean()), 1.0, 'mean of dropout(ones, 0.3) (inverted dropout keeps "
                                               "the mean)', tol=0.01)\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
