OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q3',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_equal\n'
                                               ">>> check_equal(cnn_summary((1, 8, 8), [('conv', 2, 3, 1, 1), ('flatten',)]), ([(2, 8, 8), (128,)], 20), 'cnn_summary((1, 8, 8), [conv of 2 3x3 "
                                               "filters with padding 1, flatten])')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
