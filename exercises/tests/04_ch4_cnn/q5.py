OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q5',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_true\n'
                                               '>>> _predict = train_cnn(X_train[:200], y_train[:200])\n'
                                               ">>> check_true(callable(_predict), f'train_cnn should return a function predict(X_new), got {type(_predict).__name__}')\n"
                                               '>>> _labels = _predict(X_held[:50])\n'
                                               '>>> check_true(isinstance(_labels, np.ndarray) and _labels.shape == (50,) and (_labels.dtype.kind in \'iu\'), f"predict(X) should return a NumPy array '
                                               'of integer labels of shape (50,), got {type(_labels).__name__} {getattr(_labels, \'dtype\', \'\')} {getattr(_labels, \'shape\', \'\')}")\n',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
