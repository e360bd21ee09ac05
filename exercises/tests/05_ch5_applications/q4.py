OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q4',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_array, check_true\n'
                                               '>>> _W = np.array([[0.0, 0.5], [-0.25, 1.0]])\n'
                                               '>>> _q, _scale, _zero = quantize_int8(_W)\n'
                                               ">>> check_true(isinstance(_q, np.ndarray) and _q.dtype == np.int8 and (_q.shape == (2, 2)), 'q should be an int8 array shaped like W')\n"
                                               ">>> check_true(abs(_scale - 1.25 / 255) < 1e-12, f'the range [-0.25, 1.0] fits 256 levels with scale 1.25 / 255, got {_scale!r}')\n"
                                               ">>> check_array(dequantize_int8(_q, _scale, _zero), _W, 'dequantize_int8(quantize_int8(W))', rtol=0, atol=_scale / 2 + 1e-12)\n"
                                               ">>> check_true(dequantize_int8(_q, _scale, _zero)[0, 0] == 0.0, 'the zero of W must come back exactly 0.0')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
