OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q6',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array, check_true\n'
                                               '>>> _img = np.ones((6, 6))\n'
                                               '>>> _m = occlusion_map(lambda x: float(x[0, 0]), _img, 2, 2)\n'
                                               ">>> check_true(isinstance(_m, np.ndarray) and _m.shape == (6, 6), 'occlusion_map should return an array shaped like the image')\n"
                                               ">>> check_array(_m[:2, :2], np.ones((2, 2)), 'the map of a model that reads only pixel (0, 0), where the first patch hides it')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
