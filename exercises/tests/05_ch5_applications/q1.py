OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array\n'
                                               ">>> check_array(seasonal_naive_forecast(np.arange(10.0), 3, 5), [7.0, 8.0, 9.0, 7.0, 8.0], 'seasonal_naive_forecast(arange(10), season=3, "
                                               "horizon=5)')\n"
                                               ">>> check_array(ar_forecast(3.0 * 0.5 ** np.arange(12) + 1.0, 1, 2), [1.0 + 3.0 * 0.5 ** 12, 1.0 + 3.0 * 0.5 ** 13], 'ar_forecast of an exact AR(1) "
                                               "series (1 + 3 * 0.5**t)')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
