OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q4',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_true\n'
                                               ">>> check_true(n_params is not Ellipsis, 'n_params is still `...`: replace the `...` with your answer.')\n"
                                               ">>> check_true(isinstance(n_params, (int, np.integer)) and n_params > 0, f'n_params should be a positive integer, got {n_params!r}')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
