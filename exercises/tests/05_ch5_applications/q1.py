OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               ">>> check_array(softmax(np.array([[0.0, 0.0], [0.0, np.log(3.0)]])), [[0.5, 0.5], [0.25, 0.75]], 'softmax([[0, 0], [0, log 3]])')\n"
                                               ">>> check_array(softmax(np.array([[1000.0, 1000.0, 1000.0]])), [[1 / 3, 1 / 3, 1 / 3]], 'softmax([[1000, 1000, 1000]])')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
