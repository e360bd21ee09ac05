OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q2',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array, check_scalar\n'
                                               '>>> _U, _V = (np.array([[1.0, 0.0], [0.0, 2.0]]), np.array([[1.0, 1.0]]))\n'
                                               '>>> _loss, _dU, _dV = mf_loss_and_gradients(_U, _V, np.array([0, 1]), np.array([0, 0]), np.array([1.0, 2.0]), 0.0)\n'
                                               ">>> check_scalar(_loss, 0.0, 'the loss when every rating is predicted exactly')\n"
                                               ">>> check_array(_dU, np.zeros((2, 2)), 'dU when every rating is predicted exactly (lam 0)')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
