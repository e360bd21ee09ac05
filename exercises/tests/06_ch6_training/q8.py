OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q8',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               '>>> _img = np.arange(1.0, 13.0).reshape(3, 4)\n'
                                               ">>> check_array(rotate_shift(_img, 0.0, (1, 0)), np.vstack([np.zeros(4), _img[:2]]), 'a shift by one row down, no rotation')\n"
                                               ">>> check_array(rotate_shift(_img, 180.0, (0, 0)), _img[::-1, ::-1], 'a rotation by 180 degrees about the centre')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
