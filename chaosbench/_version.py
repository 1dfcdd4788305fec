"""The package version and the data revision, in a module of their own so that any
layer can read them."""

__version__ = "0.1.0"

#: Revision of the numbers the package generates. Bump it with any change that alters
#: a generated trajectory (an integrator's step control or tableau, the code generator,
#: how initial conditions are sampled): it is part of every data fingerprint, so cached
#: task data are regenerated and leaderboard submissions made on the old numbers are
#: told apart ("made on other data") instead of being scored against different truths.
#: ``tests/datasets/test_data_revision.py`` fails when the numbers change and it does
#: not.  History: 1, the first release; 2, DOP853 with the PI step controller (and
#: every method on the shared controller module).
DATA_REVISION = 2
