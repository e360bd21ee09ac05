OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q8',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _A = np.random.default_rng(2).dirichlet(np.ones(4), size=(3, 2, 4))\n'
                                               ">>> check_array(attention_rollout(_A).sum(axis=1), np.ones(4), 'rows of the rollout sum to 1')\n"
                                               ">>> check_array(attention_rollout(_A[:1], residual=0.0), _A[0].mean(axis=0), 'one layer, no residual: the head-averaged map')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
