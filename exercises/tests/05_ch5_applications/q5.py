OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q5',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_true\n'
                                               '>>> _predict = train_digit_classifier(X_train[:500], y_train[:500])\n'
                                               ">>> check_true(callable(_predict), f'train_digit_classifier should return a function predict(X_new), got {type(_predict).__name__}')\n"
                                               '>>> _labels = np.asarray(_predict(X_test[:50]))\n'
                                               ">>> check_true(_labels.shape == (50,) and _labels.dtype.kind in 'iu', f'predict(X) should return integer labels of shape (50,), got dtype "
                                               "{_labels.dtype} and shape {_labels.shape}')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
