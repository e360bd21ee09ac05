OK_FORMAT = True

test = {   'all_or_nothing': True,
    'name': 'q9',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> from dlcourse.exercises.checks import check_equal\n'
                                               ">>> check_equal(block_summary('basic', 64, 64, 1, 56, 56), (73984, (64, 56, 56)), 'the first basic block of ResNet-18')\n"
                                               ">>> check_equal(block_summary('bottleneck', 256, 64, 1, 56, 56)[1], (256, 56, 56), 'the output shape of a bottleneck block that keeps its shape')\n",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
