"""pytest set-up for the whole repository: every nbval run also checks the student copies
(the exercises' stubs and their independence, in nbval's own kernel: tests/student_in_nbval.py)."""
pytest_plugins = ["tests.student_in_nbval"]
