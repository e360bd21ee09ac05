OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q4',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array, check_scalar\n'
                                               '>>> _b, _loss = prior_bias(np.array([0, 1, 0, 0]), 2)\n'
                                               ">>> check_array(np.exp(_b) / np.exp(_b).sum(), [0.75, 0.25], 'softmax of the bias for labels [0, 1, 0, 0]')\n"
                                               '>>> _b, _loss = prior_bias(np.arange(5), 5)\n'
                                               ">>> check_scalar(_loss, float(np.log(5)), 'the initial loss for balanced classes (the usual ln C)')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
