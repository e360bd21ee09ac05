OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q4',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_true\n'
                                               '>>> _state, _acc = train_fixed(*blobs(seed=1), epochs=3, lr=0.1, batch_size=32)\n'
                                               ">>> check_true(isinstance(_state, dict) and set(_state) == {'0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '3.weight', "
                                               "'3.bias'}, 'train_fixed should return the state as state_of(model) gives it')\n"
                                               ">>> check_true(isinstance(_acc, list) and len(_acc) == 3, f'train_fixed should return one validation accuracy per epoch, got {_acc!r}')\n"
                                               ">>> check_true(_acc[-1] > 0.8, f'on these well-separated clouds a correct loop reaches well over 80% validation accuracy in 3 epochs; got "
                                               "{_acc[-1]:.3f}')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
