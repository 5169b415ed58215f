"""The demo company and its story (`manage.py seed_demo`), above every app it fills.

Each app keeps the builder of its own rows (`programmes/demo.py`, `enrolments/demo.py`,
...); this app draws the company, its four accounts, and runs the steps in order.
"""
