OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q8',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_true\n'
                                               '>>> _predict = train_forecaster(series[:300], 6)\n'
                                               ">>> check_true(callable(_predict), f'train_forecaster should return a function predict(windows), got {type(_predict).__name__}')\n"
                                               '>>> _windows = np.stack([series[t - 6:t] for t in range(300, 350)])\n'
                                               '>>> _out = _predict(_windows)\n'
                                               '>>> check_true(isinstance(_out, np.ndarray) and _out.shape == (50,) and (_out.dtype.kind == \'f\'), f"predict(windows) should return a NumPy float '
                                               'array of shape (50,) for 50 windows, got {type(_out).__name__} {getattr(_out, \'dtype\', \'\')} {getattr(_out, \'shape\', \'\')}")\n'
                                               ">>> check_true(np.all(np.isfinite(_out)), 'predict(windows) returned NaN or infinite values')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
