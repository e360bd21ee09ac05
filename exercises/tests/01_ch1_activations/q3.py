OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q3',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_equal\n'
                                               ">>> check_equal(n_params([3, 1]), 4, 'n_params([3, 1]) (one neuron with 3 weights and a bias)')\n"
                                               ">>> check_equal(n_params([3, 1], bias=False), 3, 'n_params([3, 1], bias=False)')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
