OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q7',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_scalar, check_true\n'
                                               '>>> _forecasts, _mae = forecast_fixed(demo_series, **demo)\n'
                                               ">>> check_true(isinstance(_forecasts, np.ndarray) and _forecasts.shape == test_steps.shape, f'forecast_fixed should return the forecasts as an array "
                                               "of shape {test_steps.shape}, one per test step, as forecast_buggy does')\n"
                                               ">>> check_scalar(_mae, float(np.mean(np.abs(_forecasts - test_steps))), 'the MAE returned, against the mean absolute difference between your forecasts "
                                               "and the test steps', tol=1e-09)\n"
                                               '>>> _changed = demo_series.copy()\n'
                                               '>>> _changed[-1] += 100.0\n'
                                               ">>> check_true(np.allclose(forecast_fixed(_changed, **demo)[0], _forecasts, rtol=1e-09, atol=1e-09), 'changing only the last value of the series "
                                               "changed your forecasts: the forecast of a step may use only what is known before that step')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
