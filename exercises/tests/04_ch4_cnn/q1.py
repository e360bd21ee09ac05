OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_equal\n'
                                               ">>> check_equal(conv_output_size(28, 3), 26, 'conv_output_size(28, 3)')\n"
                                               '>>> check_equal(conv_output_size(28, 5, stride=1, padding=2), 28, "conv_output_size(28, 5, padding=2) (\'same\' padding)")\n',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
