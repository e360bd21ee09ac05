OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q5',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_true\n'
                                               ">>> check_true(isinstance(feature_shape, tuple) and len(feature_shape) == 3, f'feature_shape should be a tuple (height, width, channels), got "
                                               "{feature_shape!r}')\n"
                                               ">>> check_true(feature_shape[2] == 64, f'the last Conv2D has 64 filters, so the channels should be 64, got {feature_shape[2]!r}')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
