OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q5',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _x = np.array([-0.7, 0.2, 1.3])\n'
                                               '>>> _f = lambda v: np.tanh(2.0 * np.tanh(-1.5 * v))\n'
                                               '>>> check_array(chain_gradient(_x, [-1.5, 2.0], \'tanh\'), (_f(_x + 1e-06) - _f(_x - 1e-06)) / 2e-06, "chain_gradient(x, [-1.5, 2.0], \'tanh\') '
                                               'against a finite difference", atol=1e-06)\n'
                                               '>>> check_array(chain_gradient(np.array([2.0]), [1.0] * 5, \'relu\'), [1.0], "chain_gradient([2], [1] * 5, \'relu\')")\n',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
