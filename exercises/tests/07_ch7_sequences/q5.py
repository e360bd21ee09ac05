OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q5',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_scalar\n'
                                               ">>> check_scalar(addk_bigram_cross_entropy([], [[0, 1], [2]], 3, 0.5), float(np.log(4)), 'no training data: the uniform distribution over 3 symbols "
                                               "and the end')\n"
                                               ">>> check_scalar(addk_bigram_cross_entropy([[0]], [[]], 1, 1.0), float(np.log(3)), 'train [[0]], test [[]], V = 1, k = 1: the one prediction is P(end "
                                               "| start) = (0 + 1) / (1 + 2)')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
