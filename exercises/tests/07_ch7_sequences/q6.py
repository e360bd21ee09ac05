OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q6',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_true\n'
                                               '>>> _n = lm_param_count(3, 2, 1, 2, 1, 2)\n'
                                               ">>> check_true(isinstance(_n, int), f'lm_param_count should return an int, got {type(_n).__name__}')\n"
                                               ">>> check_true(_n == 67, f'vocab 3, d 2, 1 head, d_ff 2, 1 layer, context 2, biases, untied: expected 67 parameters, got {_n}')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
